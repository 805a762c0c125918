package io.sparkscale.render;

import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Settings whose existence or default depends on the Spark release, in one table: a key is written only
 * when the chosen release knows it (its first version) and the rule has something to say that the release
 * does not already do by default. Sources: Spark's Config.scala `.version(...)` of each key, and
 * docs/core-migration-guide.md for changed defaults (see docs/render.md, "Spark versions").
 */
public final class VersionedSettings {

  /** Who reads a setting: the application (driver and executors) or a standalone cluster's daemons. */
  public enum Reader {
    APPLICATION,
    STANDALONE_DAEMONS
  }

  /**
   * What the rules see.
   *
   * @param maxExecutors the plan's dynamic-allocation ceiling
   * @param executorGracePeriodSeconds the preset's executor grace; null when the preset sets none
   * @param eventLogDir where event logs go; null when the tool does not turn them on
   * @param workload batch or long-running, memory-bound or not
   */
  public record Context(
      SparkVersion version, int maxExecutors, Integer executorGracePeriodSeconds, String eventLogDir,
      Workload workload) {
    public Context {
      Objects.requireNonNull(version, "version");
      workload = workload == null ? Workload.BATCH : workload;
    }

    /** A batch job. */
    public Context(SparkVersion version, int maxExecutors, Integer executorGracePeriodSeconds, String eventLogDir) {
      this(version, maxExecutors, executorGracePeriodSeconds, eventLogDir, Workload.BATCH);
    }

    boolean eventLogs() {
      return eventLogDir != null;
    }

    boolean before(SparkVersion other) {
      return !version.atLeast(other);
    }
  }

  /** One row: the key, the first release that knows it, who reads it, and its value (null: write nothing). */
  record Row(String key, SparkVersion since, Reader reader, Function<Context, String> value) {}

  static final SparkVersion V3_0 = new SparkVersion(3, 0, 0);
  static final SparkVersion V3_1 = new SparkVersion(3, 1, 0);
  static final SparkVersion V4_0 = new SparkVersion(4, 0, 0);
  static final SparkVersion V4_1 = new SparkVersion(4, 1, 0);
  static final SparkVersion V4_2 = new SparkVersion(4, 2, 0);
  static final SparkVersion V1_0 = new SparkVersion(1, 0, 0);
  static final SparkVersion V2_3 = new SparkVersion(2, 3, 0);

  /** Executor pods asked for per allocation round: Spark 4.2's default, which older releases are given. */
  static final int WANTED_ALLOCATION_BATCH = 20;
  /** spark.kubernetes.executor.terminationGracePeriodSeconds when unset (Config.scala, 4.1.0). */
  static final int DEFAULT_EXECUTOR_GRACE_SECONDS = 30;
  /**
   * spark.kubernetes.allocation.maximum for a batch job: pod creations allowed per executor slot over the
   * whole run, room for each slot to be replaced 19 times (spot reclaims, idle release and re-acquire).
   */
  static final int POD_CREATIONS_PER_EXECUTOR = 20;
  /** The in-place memory resize plugin of Spark 4.2 (SPARK-55432), a driver plugin. */
  static final String EXECUTOR_RESIZE_PLUGIN = "org.apache.spark.scheduler.cluster.k8s.ExecutorResizePlugin";
  /**
   * How often the plugin compares executor memory use with the limit. Written although it is the plugin's
   * fallback: Config.scala documents 0 as the default meaning "off", but the plugin reads the raw key with
   * "1m" as its default (ExecutorResizePlugin.init), and 0 would fail its scheduler.
   */
  static final String EXECUTOR_RESIZE_INTERVAL = "1m";

  static final List<Row> TABLE =
      List.of(
          // 5 pods a round before 4.0, 10 in 4.0 and 4.1, 20 from 4.2: a wide plan waits less for executors.
          new Row("spark.kubernetes.allocation.batch.size", V2_3, Reader.APPLICATION, c -> {
            int byDefault = allocationBatchSizeDefault(c.version());
            int wanted = Math.min(WANTED_ALLOCATION_BATCH, c.maxExecutors());
            return wanted > byDefault ? Integer.toString(wanted) : null;
          }),
          // 4.1 (SPARK-53907): a ceiling on executor pods ever created, counted by executor id over the
          // application's whole life. A batch job gets room for every slot to be replaced 19 times; a
          // long-running one (Spark Connect, streaming) would use it up with idle timeouts and spot reclaims and
          // then never get an executor again, so it keeps Spark's default (Int.MaxValue).
          new Row("spark.kubernetes.allocation.maximum", V4_1, Reader.APPLICATION,
              c -> c.workload().longRunning() ? null
                  : Long.toString(Math.min(Integer.MAX_VALUE, (long) c.maxExecutors() * POD_CREATIONS_PER_EXECUTOR))),
          // 4.2, memory-bound (SPARK-55432): the plugin polls the metrics API and, above resizeThreshold (0.9) of
          // the limit, patches the pod's resize subresource to limit x (1 + resizeFactor (0.1)), request too.
          // It starts only with the direct pods allocator (the default; written so a site-wide setting cannot
          // turn it off silently). Kubernetes 1.33+ (in-place resize on by default) and metrics-server needed.
          new Row("spark.plugins", V4_2, Reader.APPLICATION,
              c -> c.workload().memoryBound() ? EXECUTOR_RESIZE_PLUGIN : null),
          new Row("spark.kubernetes.allocation.pods.allocator", V4_2, Reader.APPLICATION,
              c -> c.workload().memoryBound() ? "direct" : null),
          new Row("spark.kubernetes.executor.resizeInterval", V4_2, Reader.APPLICATION,
              c -> c.workload().memoryBound() ? EXECUTOR_RESIZE_INTERVAL : null),
          // 4.1: BasicExecutorFeatureStep sets the pod's grace from this key (default 30 s), overriding a pod
          // template's, so the preset's grace has to be written here too or block migration gets 30 s.
          new Row("spark.kubernetes.executor.terminationGracePeriodSeconds", V4_1, Reader.APPLICATION,
              c -> c.executorGracePeriodSeconds() == null
                  || c.executorGracePeriodSeconds() == DEFAULT_EXECUTOR_GRACE_SECONDS
                  ? null : c.executorGracePeriodSeconds().toString()),
          new Row("spark.eventLog.enabled", V1_0, Reader.APPLICATION, c -> c.eventLogs() ? "true" : null),
          new Row("spark.eventLog.dir", V1_0, Reader.APPLICATION, Context::eventLogDir),
          // On by default from 4.0 (core migration guide 3.5 -> 4.0); written for 3.x only.
          new Row("spark.eventLog.compress", V1_0, Reader.APPLICATION,
              c -> c.eventLogs() && c.before(V4_0) ? "true" : null),
          new Row("spark.eventLog.rolling.enabled", V3_0, Reader.APPLICATION,
              c -> c.eventLogs() && c.before(V4_0) ? "true" : null),
          // The worker decommissions itself on SIGPWR (spark.worker.decommission.signal) and tells the master,
          // which tells each driver that its executors there are leaving.
          new Row("spark.decommission.enabled", V3_1, Reader.STANDALONE_DAEMONS, c -> "true"),
          // Workers clean finished applications' directories by default from 4.0; a 3.x worker's disk fills.
          new Row("spark.worker.cleanup.enabled", V1_0, Reader.STANDALONE_DAEMONS,
              c -> c.before(V4_0) ? "true" : null));

  private VersionedSettings() {}

  /** The settings of the table for this reader and release; keys the release does not know never appear. */
  public static SortedMap<String, String> settings(Reader reader, Context context) {
    SortedMap<String, String> conf = new TreeMap<>();
    for (Row row : TABLE) {
      if (row.reader() != reader || !context.version().atLeast(row.since())) {
        continue;
      }
      String value = row.value().apply(context);
      if (value != null) {
        conf.put(row.key(), value);
      }
    }
    return conf;
  }

  /** The application's version-gated settings for a sized, preset plan. */
  static SortedMap<String, String> forApplication(
      SparkSettings settings, SparkVersion version, String eventLogDir, Workload workload) {
    return settings(Reader.APPLICATION, new Context(version, settings.plan().dynamicAllocation().maxExecutors(),
        settings.executorGracePeriodSeconds(), eventLogDir, workload));
  }

  /** An event-log directory Spark can write to: a URI with a scheme, e.g. s3a://bucket/spark-events/. */
  public static String eventLogDir(String option, String value) {
    if (value != null && !value.matches("[a-zA-Z][a-zA-Z0-9+.-]*://\\S+")) {
      throw io.sparkscale.units.InvalidInputException.badValue(
          option, value, "use a URI with a scheme, e.g. s3a://bucket/spark-events/");
    }
    return value;
  }

  /** spark.kubernetes.allocation.batch.size when unset (core migration guide: 4.0 and 4.2 raised it). */
  static int allocationBatchSizeDefault(SparkVersion version) {
    return version.atLeast(V4_2) ? 20 : version.atLeast(V4_0) ? 10 : 5;
  }
}
