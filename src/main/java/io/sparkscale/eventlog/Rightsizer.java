package io.sparkscale.eventlog;

import io.sparkscale.units.InvalidInputException;
import io.sparkscale.units.Nouns;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** Replays an analysed run at other executor counts and picks a recommendation from the results. */
public final class Rightsizer {

  /** Table rows, as percentages of the recorded maximum executor count. */
  static final int[] PERCENTS = {10, 25, 50, 75, 100, 125, 150, 200, 300, 400, 500};
  static final double KNEE_TOLERANCE = 0.10;
  static final int MAX_CANDIDATES = 64;
  static final long MAX_SCALED_TASKS = 1_000_000;
  /** An extrapolation beyond this factor either way is warned about: the log says little about that size. */
  static final double WARN_FACTOR = 10;
  static final int MAX_KNEE_EXECUTORS = 100_000;
  static final double MEMORY_HEADROOM = 1.2;
  static final long MEMORY_STEP_MIB = 512;
  /** Spark refuses executors below 450 MiB (1.5 x its 300 MiB reserve); one step above that. */
  static final long MIN_MEMORY_MIB = 512;
  public static final String KNEE_RULE =
      "smallest executor count whose replayed wall time is within 10% of the best replayed wall time"
          + " at up to 500% of the recorded maximum (times the --data-size factor when scaling)";

  private Rightsizer() {}

  public static RightsizeReport report(EventLogAnalysis analysis) {
    return report(analysis, null, null);
  }

  /**
   * The replay report; with targetBytes, the table and recommendation are for that input size, its stages
   * split as the plan's configuration splits them (target).
   */
  public static RightsizeReport report(EventLogAnalysis analysis, Long targetBytes, ScaleTarget target) {
    int cores = analysis.settings().executorCores();
    int taskCpus = analysis.settings().taskCpus();
    Replay recorded = Replay.of(analysis);
    double busyExecutors = busyAverageExecutors(analysis, recorded.busyIntervals());
    double recordedWall = recorded.recordedMillis() / 1000.0;
    double replayedWall = recorded.wallMillis(slots(busyExecutors, cores, taskCpus)) / 1000.0;
    double modelError = recordedWall > 0 ? replayedWall / recordedWall - 1 : 0;

    Extrapolation extrapolation = null;
    Replay workload = recorded;
    if (targetBytes != null) {
      List<StageRun> scaled = extrapolate(analysis, targetBytes, target);
      workload = recorded.withStages(scaled);
      double factor = targetBytes / (double) analysis.bytesRead();
      double taskSeconds = scaled.stream().mapToLong(StageRun::taskMillisSum).sum() / 1000.0;
      extrapolation = new Extrapolation(analysis.bytesRead(), targetBytes, factor,
          analysis.bytesReadPerTaskSecond(), taskSeconds, scaled.stream().mapToLong(StageRun::taskCount).sum(),
          "every stage's task time x factor; stages that read input split into the plan's "
              + Nouns.count(target.inputTasks(), "input task") + " (shared by bytes read), the others into"
              + " factor x their recorded tasks, at most the plan's "
              + Nouns.count(target.shufflePartitions(), "shuffle partition") + "; recorded durations cycled and"
              + " stretched to that time; driver overhead unchanged", rangeWarning(analysis.bytesRead(), targetBytes));
    }

    int base = Math.max(1, analysis.maxConcurrentExecutors());
    double baseCost = coreHours(base, cores, workload.wallMillis(slots(base, cores, taskCpus)) / 1000.0);
    List<ReplayRow> table = new ArrayList<>();
    TreeSet<Integer> counts = new TreeSet<>();
    for (int percent : PERCENTS) {
      int executors = Math.max(1, (int) Math.round(base * percent / 100.0));
      if (counts.add(executors)) {
        long slots = slots(executors, cores, taskCpus);
        double wall = workload.wallMillis(slots) / 1000.0;
        double cost = coreHours(executors, cores, wall);
        int actualPercent = (int) Math.round(100.0 * executors / base);
        table.add(new ReplayRow(executors, actualPercent, slots, wall, cost, baseCost > 0 ? cost / baseCost : 0));
      }
    }
    // A run scaled to more data may need more executors than 5x the recorded: the range grows with it.
    double growth = extrapolation == null ? 1 : Math.max(1, extrapolation.factor());
    int kneeRange = (int) Math.min(MAX_KNEE_EXECUTORS, Math.ceil(5 * base * growth));
    int knee = knee(workload, candidates(kneeRange), cores, taskCpus);
    if (counts.add(knee)) {
      long slots = slots(knee, cores, taskCpus);
      double wall = workload.wallMillis(slots) / 1000.0;
      double cost = coreHours(knee, cores, wall);
      table.add(new ReplayRow(knee, (int) Math.round(100.0 * knee / base), slots, wall, cost,
          baseCost > 0 ? cost / baseCost : 0));
      table.sort(java.util.Comparator.comparingInt(ReplayRow::executors));
    }
    double critical = workload.wallMillis(Replay.UNLIMITED) / 1000.0;

    Long memoryMiB = null;
    String memoryBasis;
    Long heap = analysis.memory().jvmHeapBytes();
    if (heap != null) {
      memoryMiB = executorMemoryMiB(heap);
      memoryBasis = "peak JVM heap " + (heap >> 20) + " MiB x " + MEMORY_HEADROOM + ", rounded up to "
          + MEMORY_STEP_MIB + " MiB";
    } else if (analysis.settings().executorMemoryMiB() != null) {
      memoryMiB = analysis.settings().executorMemoryMiB();
      memoryBasis = "no heap metrics in the log: recorded spark.executor.memory kept";
    } else {
      memoryBasis = "no heap metrics and no spark.executor.memory in the log";
    }
    return new RightsizeReport(busyExecutors, analysis.maxConcurrentExecutors(), cores, taskCpus,
        recordedWall, replayedWall, modelError, recorded.overheadMillis() / 1000.0, critical, table,
        KNEE_RULE, knee, memoryMiB, memoryBasis, extrapolation);
  }

  /** Task slots on that many executors; fractional executor counts (averages) round to the nearest slot. */
  static long slots(double executors, int cores, int taskCpus) {
    return Math.max(1, Math.round(executors * cores / taskCpus));
  }

  static long executorMemoryMiB(long heapBytes) {
    double mib = heapBytes * MEMORY_HEADROOM / (1024.0 * 1024.0);
    long rounded = (long) Math.ceil(mib / MEMORY_STEP_MIB) * MEMORY_STEP_MIB;
    return Math.max(MIN_MEMORY_MIB, rounded);
  }

  private static double coreHours(int executors, int cores, double wallSeconds) {
    return executors * (double) cores * wallSeconds / 3600.0;
  }

  /** Every count from 1 to max, or about MAX_CANDIDATES of them spaced geometrically when there are more. */
  static List<Integer> candidates(int max) {
    TreeSet<Integer> out = new TreeSet<>();
    if (max <= MAX_CANDIDATES) {
      for (int n = 1; n <= max; n++) out.add(n);
    } else {
      for (int i = 0; i < MAX_CANDIDATES; i++) {
        out.add((int) Math.round(Math.pow(max, i / (double) (MAX_CANDIDATES - 1))));
      }
      out.add(max);
    }
    return new ArrayList<>(out);
  }

  static int knee(Replay replay, List<Integer> candidates, int cores, int taskCpus) {
    double[] walls = new double[candidates.size()];
    double best = Double.MAX_VALUE;
    for (int i = 0; i < walls.length; i++) {
      walls[i] = replay.wallMillis(slots(candidates.get(i), cores, taskCpus));
      best = Math.min(best, walls[i]);
    }
    for (int i = 0; i < walls.length; i++) {
      if (walls[i] <= best * (1 + KNEE_TOLERANCE)) {
        return candidates.get(i);
      }
    }
    return candidates.get(candidates.size() - 1);
  }

  /** Mean number of live executors over the busy periods, weighted by time. */
  static double busyAverageExecutors(EventLogAnalysis analysis, List<long[]> intervals) {
    List<ExecutorCount> timeline = analysis.executorTimeline();
    double executorMillis = 0;
    double busyMillis = 0;
    for (long[] interval : intervals) {
      double from = (interval[0] - analysis.startMillis()) / 1000.0;
      double to = (interval[1] - analysis.startMillis()) / 1000.0;
      busyMillis += (to - from) * 1000;
      for (int i = 0; i < timeline.size(); i++) {
        double start = Math.max(from, timeline.get(i).offsetSeconds());
        double end = Math.min(to, i + 1 < timeline.size() ? timeline.get(i + 1).offsetSeconds() : to);
        if (end > start) executorMillis += timeline.get(i).executors() * (end - start) * 1000;
      }
    }
    return busyMillis > 0 ? executorMillis / busyMillis : analysis.averageExecutors();
  }

  /** The recorded stages scaled to targetBytes of input; see Extrapolation#method. */
  static List<StageRun> extrapolate(EventLogAnalysis analysis, long targetBytes, ScaleTarget target) {
    if (analysis.bytesRead() <= 0) {
      throw new InvalidInputException("--data-size: the event log records no input bytes read"
          + " (Input Metrics), so the run cannot be scaled to another data size; drop --data-size");
    }
    double factor = targetBytes / (double) analysis.bytesRead();
    List<StageRun> stages = analysis.stages();
    long[] counts = new long[stages.size()];
    long total = 0;
    for (int s = 0; s < counts.length; s++) {
      StageRun stage = stages.get(s);
      if (stage.taskCount() == 0) {
        continue;
      }
      counts[s] = stage.bytesRead() > 0
          ? Math.round((double) target.inputTasks() * stage.bytesRead() / analysis.bytesRead())
          : Math.min(Math.round(stage.taskCount() * factor), target.shufflePartitions());
      counts[s] = Math.max(1, counts[s]);
      total += counts[s];
    }
    // Past MAX_SCALED_TASKS tasks in all, tasks grow longer instead of more numerous, to bound memory.
    double shrink = Math.min(1, MAX_SCALED_TASKS / (double) Math.max(1, total));
    List<StageRun> out = new ArrayList<>();
    for (int s = 0; s < counts.length; s++) {
      StageRun stage = stages.get(s);
      long[] recorded = stage.taskMillis();
      if (recorded.length == 0) {
        out.add(stage);
        continue;
      }
      int count = (int) Math.max(1, Math.floor(counts[s] * shrink));
      // The stage's task time grows with the data; shared over count tasks shaped like the recorded ones.
      double stretch = factor * recorded.length / count;
      long[] scaled = new long[count];
      for (int i = 0; i < count; i++) {
        scaled[i] = Math.round(recorded[i % recorded.length] * stretch);
      }
      out.add(stage.withTaskMillis(scaled));
    }
    return out;
  }

  /** A warning when the target is more than WARN_FACTOR times (or less than 1 / WARN_FACTOR of) the recorded. */
  static String rangeWarning(long recordedBytes, long targetBytes) {
    double factor = targetBytes / (double) recordedBytes;
    if (factor <= WARN_FACTOR && factor >= 1 / WARN_FACTOR) {
      return null;
    }
    return String.format(java.util.Locale.ROOT, "The event log's run read %s and --data-size is %s, %s times"
        + " that: the replay assumes every stage's work grows in proportion at the recorded throughput, which"
        + " skew, spills and joins that grow faster than the data break at that distance. Record a run within"
        + " %.0fx of the target size to rely on the replay.", io.sparkscale.units.Sizes.humanBytes(recordedBytes),
        io.sparkscale.units.Sizes.humanBytes(targetBytes),
        factor >= 1 ? String.format(java.util.Locale.ROOT, "%.0f", factor)
            : String.format(java.util.Locale.ROOT, "%.4f", factor), WARN_FACTOR);
  }
}
