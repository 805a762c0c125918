package io.sparkscale.bench;

import io.sparkscale.simulate.Arrival;
import io.sparkscale.simulate.ArrivalSource;
import io.sparkscale.simulate.ScaledObjectModel;
import io.sparkscale.simulate.SimulationInput;
import io.sparkscale.simulate.Simulator;
import io.sparkscale.simulate.Summary;
import io.sparkscale.simulate.Throughput;
import io.sparkscale.simulate.TimelineSink;
import io.sparkscale.simulate.WorkModel;
import io.sparkscale.simulate.sweep.ArrivalTrace;
import io.sparkscale.simulate.sweep.Sweep;
import io.sparkscale.simulate.sweep.SweepResult;
import io.sparkscale.simulate.sweep.SweepSpec;
import io.sparkscale.trigger.TriggerSpec.Metric;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * Case 16: the simulation engine (issue 16). Three rows, each beside a reference run in the same JVM: a bare
 * loop pushing and popping as many events (arrivals, KEDA polls, HPA syncs) through a PriorityQueue.
 *
 * <ul>
 *   <li>30 days of arrivals every 10 s (259,200 rows) through the engine, the first run in this JVM (goal: 2 s;
 *       reading the CSV is the CLI's part, measured with the command);
 *   <li>a sweep of 500 settings (5 targets x 5 polling intervals x 4 cooldowns x 5 max replicas) over one day,
 *       on every core (goal: 10 s);
 *   <li>retained heap at the last arrival of a summary-only run, 1 day against 30 days (goal: flat, under
 *       2 MB more for 30 times the rows).
 * </ul>
 * Smoke scale: 3 days, a sweep of 40 settings, memory 1 day against 3 days.
 */
final class SimulateBench {

  static final String CASE = "16 simulate";
  private static final long EVERY_MILLIS = 10_000;
  private static final long DAY_ROWS = 8_640;

  private SimulateBench() {}

  /** Diurnal arrivals generated row by row, never held: mean about 40 objects per row, 2 MB each. */
  static final class Generated implements ArrivalSource {
    private final long rows;
    private final SplittableRandom random = new SplittableRandom(16);
    private final Runnable atEnd;
    private long next;

    Generated(long rows, Runnable atEnd) {
      this.rows = rows;
      this.atEnd = atEnd;
    }

    @Override
    public boolean hasNext() {
      if (next < rows) {
        return true;
      }
      if (next == rows) {
        next++;
        atEnd.run();
      }
      return false;
    }

    @Override
    public Arrival next() {
      if (next >= rows) {
        throw new NoSuchElementException();
      }
      long t = next++ * EVERY_MILLIS;
      double hourAngle = (t % 86_400_000L) / 86_400_000.0 * 2 * Math.PI;
      long objects = Math.round((20 + 15 * Math.sin(hourAngle)) * random.nextDouble() * 2);
      return new Arrival(t, objects, objects * 2_000_000L);
    }
  }

  static final ScaledObjectModel BASE = new ScaledObjectModel(30, 300, 0, 50, null, Metric.OBJECTS, 10, 0, null);
  static final WorkModel WORK = new WorkModel(new Throughput(1, Metric.OBJECTS), Duration.ofSeconds(20),
      Duration.ofSeconds(90), 4, 1, Duration.ofMinutes(10), 0.384);

  static List<BenchResult> run(Scale scale) throws java.io.IOException {
    boolean full = scale == Scale.FULL;
    long engineRows = full ? 30 * DAY_ROWS : 3 * DAY_ROWS;
    return List.of(engine(engineRows), command(engineRows), sweep(full),
        memory(full ? 30 * DAY_ROWS : 3 * DAY_ROWS));
  }

  private static Summary simulate(long rows, Runnable atEnd) {
    return Simulator.run(new SimulationInput(BASE, WORK, Duration.ofSeconds(10), new Generated(rows, atEnd), null),
        TimelineSink.NONE);
  }

  /** Events the engine handles at least: every arrival, KEDA poll (30 s) and HPA sync (15 s). */
  private static long events(long rows, double endSeconds) {
    return rows + (long) (endSeconds / 30) + (long) (endSeconds / 15);
  }

  /** The reference: a heap of 16 pending events, one popped and one pushed per event. */
  static double referenceMillis(long events) {
    long start = System.nanoTime();
    PriorityQueue<Long> queue = new PriorityQueue<>();
    SplittableRandom random = new SplittableRandom(1);
    for (int i = 0; i < 16; i++) {
      queue.add((long) random.nextInt(10_000));
    }
    long sink = 0;
    for (long i = 0; i < events; i++) {
      long t = queue.poll();
      sink += t;
      queue.add(t + 1 + random.nextInt(30_000));
    }
    if (sink == 42) {
      System.out.print("");
    }
    return Stats.millis(System.nanoTime() - start);
  }

  private static BenchResult engine(long rows) {
    long start = System.nanoTime();
    Summary first = simulate(rows, () -> {});
    double firstMs = Stats.millis(System.nanoTime() - start);
    start = System.nanoTime();
    Summary second = simulate(rows, () -> {});
    double secondMs = Stats.millis(System.nanoTime() - start);
    long events = events(rows, first.endSeconds());
    double refMs = referenceMillis(events);
    return BenchResult.of(CASE, rows + " arrivals every 10 s, summary only")
        .put("first_run_ms", firstMs)
        .put("second_run_ms", secondMs)
        .put("events_at_least", events)
        .put("reference_pq_ms", refMs)
        .put("ratio_to_reference", firstMs / refMs)
        .put("arrived", first.arrivedObjects())
        .put("counts_agree", first.processedObjects() == first.arrivedObjects() && first.equals(second))
        .goal("first run <= 2000 ms", firstMs <= 2000)
        .note("engine only; reference: PriorityQueue push+pop per event")
        .build();
  }

  /**
   * The whole command over a CSV of the same arrivals, against a bare read of that CSV (split and parse every
   * row) in the same run: what the command adds to reading its input.
   */
  private static BenchResult command(long rows) throws java.io.IOException {
    java.nio.file.Path csv = java.nio.file.Files.createTempFile("arrivals", ".csv");
    try {
      try (java.io.BufferedWriter w = java.nio.file.Files.newBufferedWriter(csv)) {
        w.write("time,objects,bytes\n");
        Generated source = new Generated(rows, () -> {});
        while (source.hasNext()) {
          Arrival a = source.next();
          w.write(a.atMillis() / 1000 + "," + a.objects() + "," + a.bytes() + "\n");
        }
      }
      long start = System.nanoTime();
      long objects = 0;
      try (java.io.BufferedReader r = java.nio.file.Files.newBufferedReader(csv)) {
        r.readLine();
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          String[] f = line.split(",");
          Long.parseLong(f[0]);
          objects += Long.parseLong(f[1]);
          Long.parseLong(f[2]);
        }
      }
      double readMs = Stats.millis(System.nanoTime() - start);
      start = System.nanoTime();
      io.sparkscale.cli.CliRunner.Result result = io.sparkscale.cli.CliRunner.run("simulate", "--arrivals",
          csv.toString(), "--throughput", "1/s", "--pods-per-node", "4", "--min-nodes", "1",
          "--target-object-count", "10", "--max-replicas", "50", "--format", "json");
      double ms = Stats.millis(System.nanoTime() - start);
      boolean agree = result.exitCode() == 0
          && result.out().contains("\"arrivedObjects\" : " + objects + ",")
          && result.out().contains("\"processedObjects\" : " + objects + ",");
      return BenchResult.of(CASE, "command: " + rows + "-row arrivals CSV, JSON summary")
          .put("command_ms", ms)
          .put("reference_read_ms", readMs)
          .put("ratio_to_reference", ms / readMs)
          .put("counts_agree", agree)
          .goal("command <= 2000 ms", ms <= 2000)
          .note("in process, after the engine rows; reference: BufferedReader, split and parse every row")
          .build();
    } finally {
      java.nio.file.Files.deleteIfExists(csv);
    }
  }

  private static BenchResult sweep(boolean full) {
    ArrivalTrace trace = ArrivalTrace.read(new Generated(DAY_ROWS, () -> {}));
    SweepSpec spec = full
        ? new SweepSpec(BASE, List.of(2L, 5L, 10L, 20L, 50L), List.of(5, 15, 30, 60, 120),
            List.of(60, 300, 900, 1800), List.of(10, 20, 40, 80, 160))
        : new SweepSpec(BASE, List.of(5L, 20L), List.of(15, 60), List.of(60, 300), List.of(10, 40, 160, 320, 640));
    long start = System.nanoTime();
    SweepResult result = Sweep.run(spec, trace, WORK, Duration.ofSeconds(10), null, null, 0);
    double ms = Stats.millis(System.nanoTime() - start);
    long events = 0;
    for (var p : result.points()) {
      events += events(DAY_ROWS, p.summary().endSeconds());
    }
    double refMs = referenceMillis(events);
    boolean agree = result.points().stream().allMatch(p -> p.summary().arrivedObjects() == trace.objects());
    return BenchResult.of(CASE, result.points().size() + " settings over 1 day, "
            + Runtime.getRuntime().availableProcessors() + " cores")
        .put("sweep_ms", ms)
        .put("events_at_least", events)
        .put("reference_pq_ms", refMs)
        .put("ratio_to_reference", ms / refMs)
        .put("front", result.front().size())
        .put("counts_agree", agree)
        .goal("sweep <= 10000 ms", ms <= 10_000)
        .build();
  }

  private static BenchResult memory(long longRows) {
    double[] retained = new double[2];
    simulate(DAY_ROWS, () -> retained[0] = retainedMb());
    simulate(longRows, () -> retained[1] = retainedMb());
    double growth = retained[1] - retained[0];
    return BenchResult.of(CASE, "retained heap at the last arrival, 1 day vs " + longRows / DAY_ROWS + " days")
        .put("one_day_mb", retained[0])
        .put("long_mb", retained[1])
        .put("growth_mb", growth)
        .put("ratio", retained[1] / retained[0])
        .goal("growth <= 2 MB", growth <= 2)
        .note("heap used after GC, whole JVM; reference: the 1-day run")
        .build();
  }

  private static double retainedMb() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024.0 * 1024.0);
  }
}
