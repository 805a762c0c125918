package io.sparkscale.eventlog;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * A scheduler model that re-runs the recorded stages on a given number of task slots.
 *
 * <p>The application's time splits into busy periods (times when at least one stage was running; stages
 * whose recorded intervals overlap share a period) and the rest, which is driver-side time: planning,
 * collecting results, waiting for executors, the driver's own work. That rest is kept as a fixed overhead.
 * Within a period, a stage starts when all its parents in the period have completed (parents in earlier
 * periods are done already), and its tasks take their recorded durations. Free slots take tasks greedily
 * in recorded order: stages first come, first served, tasks in launch order, as Spark's FIFO scheduler
 * does. Replayed wall time = overhead + the replayed length of every period.
 */
public final class Replay {

  /** Stands for "as many slots as there are tasks": the critical path. */
  public static final long UNLIMITED = Long.MAX_VALUE;

  private final List<List<StageRun>> periods;
  private final long overheadMillis;
  private final long recordedMillis;

  private Replay(List<List<StageRun>> periods, long overheadMillis, long recordedMillis) {
    this.periods = periods;
    this.overheadMillis = overheadMillis;
    this.recordedMillis = recordedMillis;
  }

  public static Replay of(EventLogAnalysis analysis) {
    return of(analysis.stages(), Math.round(analysis.applicationSeconds() * 1000));
  }

  /** Groups the stages into busy periods by their recorded submission and completion times. */
  public static Replay of(List<StageRun> stages, long applicationMillis) {
    List<StageRun> sorted = new ArrayList<>(stages);
    sorted.sort(Comparator.comparingLong(StageRun::submittedMillis).thenComparingInt(StageRun::stageId));
    List<List<StageRun>> periods = new ArrayList<>();
    long busy = 0;
    long periodStart = 0;
    long periodEnd = Long.MIN_VALUE;
    for (StageRun stage : sorted) {
      if (periods.isEmpty() || stage.submittedMillis() > periodEnd) {
        if (!periods.isEmpty()) busy += periodEnd - periodStart;
        periods.add(new ArrayList<>());
        periodStart = stage.submittedMillis();
        periodEnd = stage.completedMillis();
      }
      periods.get(periods.size() - 1).add(stage);
      periodEnd = Math.max(periodEnd, stage.completedMillis());
    }
    if (!periods.isEmpty()) busy += periodEnd - periodStart;
    return new Replay(periods, Math.max(0, applicationMillis - busy), applicationMillis);
  }

  /** The same periods and overhead with other stages (same IDs), e.g. extrapolated to more data. */
  public Replay withStages(List<StageRun> replacements) {
    Map<Integer, StageRun> byId = new HashMap<>();
    replacements.forEach(s -> byId.put(s.stageId(), s));
    List<List<StageRun>> replaced = periods.stream()
        .map(p -> p.stream().map(s -> byId.getOrDefault(s.stageId(), s)).toList())
        .toList();
    return new Replay(replaced, overheadMillis, recordedMillis);
  }

  /** Driver-side time: the application's time when no stage was running. */
  public long overheadMillis() {
    return overheadMillis;
  }

  public long recordedMillis() {
    return recordedMillis;
  }

  public int periodCount() {
    return periods.size();
  }

  /** The recorded busy periods as {start, end} epoch milliseconds. */
  public List<long[]> busyIntervals() {
    return periods.stream()
        .map(p -> new long[] {
            p.get(0).submittedMillis(),
            p.stream().mapToLong(StageRun::completedMillis).max().orElse(p.get(0).submittedMillis())})
        .toList();
  }

  /** Replayed wall time on {@code slots} concurrent task slots ({@link #UNLIMITED} for the critical path). */
  public long wallMillis(long slots) {
    if (slots < 1) {
      throw new IllegalArgumentException("slots must be at least 1: " + slots);
    }
    long total = overheadMillis;
    for (List<StageRun> period : periods) {
      total += period(period, slots);
    }
    return total;
  }

  private static long period(List<StageRun> stages, long slots) {
    int n = stages.size();
    Map<Integer, Integer> index = new HashMap<>();
    for (int i = 0; i < n; i++) index.put(stages.get(i).stageId(), i);
    int[] waitingFor = new int[n];
    List<List<Integer>> children = new ArrayList<>();
    for (int i = 0; i < n; i++) children.add(new ArrayList<>());
    for (int i = 0; i < n; i++) {
      for (int parent : stages.get(i).parentIds()) {
        Integer p = index.get(parent);
        if (p != null && p != i) {
          waitingFor[i]++;
          children.get(p).add(i);
        }
      }
    }
    long[][] tasks = new long[n][];
    int[] nextTask = new int[n];
    int[] running = new int[n];
    ArrayDeque<Integer> ready = new ArrayDeque<>();
    for (int i = 0; i < n; i++) {
      tasks[i] = stages.get(i).taskMillis();
      if (waitingFor[i] == 0) ready.add(i);
    }
    PriorityQueue<long[]> finishing = new PriorityQueue<>(Comparator.comparingLong(f -> f[0]));
    long now = 0;
    long free = slots;
    while (true) {
      while (!ready.isEmpty() && (free > 0 || nextTask[ready.peek()] == tasks[ready.peek()].length)) {
        int stage = ready.peek();
        if (nextTask[stage] == tasks[stage].length) {
          ready.poll();
          if (running[stage] == 0) release(stage, children, waitingFor, ready);
          continue;
        }
        finishing.add(new long[] {now + tasks[stage][nextTask[stage]++], stage});
        running[stage]++;
        free--;
      }
      long[] done = finishing.poll();
      if (done == null) {
        return now;
      }
      now = done[0];
      free++;
      int stage = (int) done[1];
      // All of a stage's tasks started means it has left the ready queue (the loop above polls it).
      if (--running[stage] == 0 && nextTask[stage] == tasks[stage].length) {
        release(stage, children, waitingFor, ready);
      }
    }
  }

  private static void release(int stage, List<List<Integer>> children, int[] waitingFor, ArrayDeque<Integer> ready) {
    for (int child : children.get(stage)) {
      if (--waitingFor[child] == 0) ready.add(child);
    }
  }
}
