package io.sparkscale.eventlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.sparkscale.units.InvalidInputException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RightsizerTest {

  @TempDir Path dir;

  private EventLogAnalysis join() {
    return EventLogAnalyzer.analyze(SyntheticLog.joinExample().write(dir.resolve("join"), Codec.PLAIN));
  }

  @Test
  void aggregatesOfTheJoinExample() {
    EventLogAnalysis a = join();

    assertThat(a.sparkVersion()).isEqualTo("3.5.1");
    assertThat(a.appId()).isEqualTo("app-1");
    assertThat(a.taskSeconds()).isEqualTo(15.0);
    // Executor 1: 2 cores from 0.5 s to 11 s.
    assertThat(a.executorCoreSeconds()).isEqualTo(21.0);
    assertThat(a.utilization()).isCloseTo(15.0 / 21.0, within(1e-9));
    assertThat(a.bytesRead()).isEqualTo(200_000_000L);
    assertThat(a.bytesReadPerTaskSecond()).isCloseTo(200_000_000 / 15.0, within(1e-6));
    assertThat(a.settings()).isEqualTo(new ExecutorSettings(2, 4096L, 1, false, null, ""));
    assertThat(a.memory()).isEqualTo(new MemoryPeaks(3L << 29, 3L << 30));
    assertThat(a.maxConcurrentExecutors()).isEqualTo(1);
    assertThat(a.executorTimeline()).containsExactly(new ExecutorCount(0.5, 1), new ExecutorCount(11.0, 0));
    assertThat(a.stages()).extracting(StageRun::parentIds).containsExactly(
        java.util.List.of(), java.util.List.of(), java.util.List.of(0, 1));
  }

  @Test
  void stageTasksAreKeptInLaunchOrderWhateverOrderTheyEnded() {
    // TaskEnd events come in finish order: the 1 s task launched last ends first.
    SyntheticLog log = SyntheticLog.start(2, "4g").executorAdded("1", 2, 0)
        .stageSubmitted(0, 0)
        .taskEnd(0, "1", 300, 1300, 0, 0)
        .taskEnd(0, "1", 0, 5000, 0, 0)
        .taskEnd(0, "1", 100, 5100, 0, 0)
        .stageCompleted(0, 0, 5100)
        .end(6000);

    EventLogAnalysis a = EventLogAnalyzer.analyze(log.write(dir.resolve("order"), Codec.PLAIN));

    assertThat(a.stages().get(0).taskMillis()).containsExactly(5000, 5000, 1000);
  }

  @Test
  void reportOfTheJoinExample() {
    RightsizeReport r = Rightsizer.report(join());

    assertThat(r.recordedExecutors()).isEqualTo(1.0);
    assertThat(r.replayedWallSeconds()).isEqualTo(12.0);
    assertThat(r.modelError()).isEqualTo(0.0);
    assertThat(r.driverOverheadSeconds()).isEqualTo(3.0);
    assertThat(r.criticalPathSeconds()).isEqualTo(10.0);
    assertThat(r.table()).extracting(ReplayRow::executors).containsExactly(1, 2, 3, 4, 5);
    assertThat(r.table()).extracting(ReplayRow::wallSeconds).containsExactly(12.0, 10.0, 10.0, 10.0, 10.0);
    assertThat(r.table().get(1).percentOfRecorded()).isEqualTo(200);
    // 2 executors x 2 cores x 10 s against 1 x 2 x 12 s.
    assertThat(r.table().get(1).relativeCost()).isCloseTo(40.0 / 24.0, within(1e-9));
    // Best 10 s; 12 s at one executor is more than 10 % above it.
    assertThat(r.recommendedMaxExecutors()).isEqualTo(2);
    // 1.5 GiB heap x 1.2 = 1843 MiB -> 2048 MiB.
    assertThat(r.recommendedExecutorMemoryMiB()).isEqualTo(2048);
    assertThat(r.extrapolation()).isNull();
  }

  @Test
  void extrapolationSplitsStagesAsThePlansConfigurationDoes() {
    // Twice the data; the plan's conf: 4 input tasks, 2 shuffle partitions.
    RightsizeReport r = Rightsizer.report(join(), 400_000_000L, new ScaleTarget(4, 2));

    assertThat(r.extrapolation().factor()).isEqualTo(2.0);
    // Stage 0 reads: the plan's 4 input tasks of 4 s; stage 1: 2 x 2 tasks would be 4, the 2 partitions
    // hold them: 2 tasks of 4 s; stage 2: 2 tasks of 3 s. Every stage's task time doubles: 30 task-seconds.
    assertThat(r.extrapolation().scaledTasks()).isEqualTo(8);
    assertThat(r.extrapolation().estimatedTaskSeconds()).isEqualTo(30.0);
    // On 2 slots: 8 + 4 + 3 = 15 s, plus 3 s driver time.
    assertThat(r.table().get(0).wallSeconds()).isEqualTo(18.0);
    assertThat(r.criticalPathSeconds()).isEqualTo(10.0);
    // The model error is always measured on the recorded run.
    assertThat(r.modelError()).isEqualTo(0.0);
    assertThat(r.extrapolation().warning()).isNull();
  }

  @Test
  void fewerShufflePartitionsMakeLongerTasksNotFewerSeconds() {
    RightsizeReport r = Rightsizer.report(join(), 400_000_000L, new ScaleTarget(4, 1));

    assertThat(r.extrapolation().scaledTasks()).isEqualTo(6);
    assertThat(r.extrapolation().estimatedTaskSeconds()).isEqualTo(30.0);
    // Stage 1 is one 8 s task, stage 2 one 6 s task: max(4, 8) + 6 + 3 s driver time.
    assertThat(r.criticalPathSeconds()).isEqualTo(17.0);
  }

  @Test
  void farOutsideTheRecordedSizeIsAWarning() {
    RightsizeReport r = Rightsizer.report(join(), 20_000_000_000L, new ScaleTarget(150, 100));

    assertThat(r.extrapolation().factor()).isEqualTo(100.0);
    assertThat(r.extrapolation().warning()).contains("200.00 MB").contains("100 times").contains("within 10x");
    assertThat(Rightsizer.rangeWarning(100, 1000)).isNull();
    assertThat(Rightsizer.rangeWarning(1000, 99)).contains("0.0990 times");
  }

  @Test
  void extrapolationNeedsBytesRead() {
    SyntheticLog log = SyntheticLog.start(2, "4g").executorAdded("1", 2, 0)
        .taskEnd(0, "1", 100, 1100, 0, 0).end(2000);
    EventLogAnalysis a = EventLogAnalyzer.analyze(log.write(dir.resolve("noinput"), Codec.PLAIN));

    assertThatThrownBy(() -> Rightsizer.report(a, 1_000_000L, new ScaleTarget(1, 1)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("--data-size: the event log records no input bytes read");
  }

  @Test
  void memoryRecommendationRoundsUpWithHeadroomAndAFloor() {
    assertThat(Rightsizer.executorMemoryMiB(1L << 20)).isEqualTo(512);
    assertThat(Rightsizer.executorMemoryMiB(1000L << 20)).isEqualTo(1536); // 1200 MiB -> 1536
    assertThat(Rightsizer.executorMemoryMiB(10L << 30)).isEqualTo(12288); // 12288 exactly
  }

  @Test
  void candidatesAreAllCountsOrAGeometricSpread() {
    assertThat(Rightsizer.candidates(5)).containsExactly(1, 2, 3, 4, 5);
    assertThat(Rightsizer.candidates(1000)).hasSizeLessThanOrEqualTo(65).startsWith(1).endsWith(1000)
        .isSorted();
  }
}
