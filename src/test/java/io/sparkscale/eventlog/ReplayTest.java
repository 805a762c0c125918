package io.sparkscale.eventlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayTest {

  @TempDir Path dir;

  /** See SyntheticLog#joinExample: stages 0 (4 s, 4 s) and 1 (2 s, 2 s) in parallel, then join stage 2 (3 s). */
  private Replay joinReplay() {
    EventLogAnalysis analysis =
        EventLogAnalyzer.analyze(SyntheticLog.joinExample().write(dir.resolve("join"), Codec.PLAIN));
    return Replay.of(analysis);
  }

  @Test
  void driverTimeIsTheApplicationTimeWhenNoStageRan() {
    Replay replay = joinReplay();

    // Stages ran from 1 s to 10 s of a 12 s application.
    assertThat(replay.overheadMillis()).isEqualTo(3_000);
    assertThat(replay.recordedMillis()).isEqualTo(12_000);
    assertThat(replay.periodCount()).isEqualTo(1);
  }

  @Test
  void replaysTheJoinByHand() {
    Replay replay = joinReplay();

    // 1 slot: every task in turn, 4+4+2+2+3 = 15 s, plus 3 s driver time.
    assertThat(replay.wallMillis(1)).isEqualTo(18_000);
    // 2 slots (as recorded): stage 0 0-4 s, stage 1 4-6 s, stage 2 6-9 s.
    assertThat(replay.wallMillis(2)).isEqualTo(12_000);
    // 3 slots: stage 1's tasks share the third slot (0-2, 2-4) while stage 0 runs; stage 2 4-7 s.
    assertThat(replay.wallMillis(3)).isEqualTo(10_000);
    // Unlimited: the critical path, stage 0 (4 s) then stage 2 (3 s).
    assertThat(replay.wallMillis(Replay.UNLIMITED)).isEqualTo(10_000);
  }

  @Test
  void aStageWaitsForAllItsParentsEvenWithFreeSlots() {
    StageRun a = stage(0, 0, 1_000, List.of(), 1_000);
    StageRun b = stage(1, 0, 5_000, List.of(), 5_000);
    StageRun join = stage(2, 5_000, 6_000, List.of(0, 1), 1_000);
    Replay replay = Replay.of(List.of(a, b, join), 6_000);

    // The join cannot start at 1 s when stage 0 is done: it waits for stage 1 (5 s).
    assertThat(replay.wallMillis(10)).isEqualTo(6_000);
  }

  @Test
  void tasksRunInRecordedOrderNotLongestFirst() {
    StageRun stage = stage(0, 0, 0, List.of(), 1_000, 1_000, 4_000);
    Replay replay = Replay.of(List.of(stage), 0);

    // FIFO on 2 slots: 1 s and 1 s first, the 4 s task at 1 s -> 5 s (longest-first would give 4 s).
    assertThat(replay.wallMillis(2)).isEqualTo(5_000);
  }

  @Test
  void separateBusyPeriodsAddUpAndParentsInEarlierPeriodsAreDone() {
    StageRun first = stage(0, 1_000, 3_000, List.of(), 2_000, 2_000);
    StageRun second = stage(1, 5_000, 6_000, List.of(0), 1_000);
    Replay replay = Replay.of(List.of(first, second), 8_000);

    assertThat(replay.periodCount()).isEqualTo(2);
    assertThat(replay.overheadMillis()).isEqualTo(8_000 - 2_000 - 1_000);
    assertThat(replay.wallMillis(1)).isEqualTo(5_000 + 4_000 + 1_000);
    assertThat(replay.wallMillis(2)).isEqualTo(5_000 + 2_000 + 1_000);
  }

  @Test
  void stagesWithoutTasksAndUnknownParentsDoNotBlock() {
    StageRun skipped = stage(0, 0, 0, List.of(), new long[0]);
    StageRun child = stage(1, 0, 2_000, List.of(0, 42), 2_000);
    Replay replay = Replay.of(List.of(skipped, child), 2_000);

    assertThat(replay.wallMillis(1)).isEqualTo(2_000);
  }

  private static StageRun stage(int id, long submitted, long completed, List<Integer> parents, long... tasks) {
    return new StageRun(id, "s" + id, parents, submitted, completed, 1, 0, tasks);
  }
}
