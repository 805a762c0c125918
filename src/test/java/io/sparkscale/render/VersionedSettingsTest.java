package io.sparkscale.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkscale.render.VersionedSettings.Context;
import io.sparkscale.render.VersionedSettings.Reader;
import io.sparkscale.units.InvalidInputException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VersionedSettingsTest {

  static Map<String, String> app(String version, int maxExecutors, Integer grace, String eventLogDir) {
    return VersionedSettings.settings(
        Reader.APPLICATION, new Context(SparkVersion.of(version), maxExecutors, grace, eventLogDir));
  }

  @Test
  void spark41KeysAppearFrom41Only() {
    for (String before : new String[] {"3.5.6", "4.0.1"}) {
      assertThat(app(before, 50, 120, null))
          .doesNotContainKeys("spark.kubernetes.allocation.maximum",
              "spark.kubernetes.executor.terminationGracePeriodSeconds");
    }
    Map<String, String> v41 = app("4.1.0", 50, 120, null);
    assertThat(v41).containsEntry("spark.kubernetes.executor.terminationGracePeriodSeconds", "120")
        .containsEntry("spark.kubernetes.allocation.maximum", "1000");
    assertThat(app("4.1.0", 50, 30, null)).as("30 s is 4.1's default: not repeated")
        .doesNotContainKey("spark.kubernetes.executor.terminationGracePeriodSeconds");
    assertThat(app("4.2.0", 50, null, null))
        .as("no preset grace: Spark's own default stays")
        .doesNotContainKey("spark.kubernetes.executor.terminationGracePeriodSeconds")
        .containsKey("spark.kubernetes.allocation.maximum");
  }

  @Test
  void allocationBatchSizeIsWrittenOnlyWhereTheDefaultIsSmaller() {
    // Defaults: 5 before 4.0, 10 in 4.0 and 4.1, 20 from 4.2 (core migration guide).
    assertThat(app("3.5.6", 50, null, null)).containsEntry("spark.kubernetes.allocation.batch.size", "20");
    assertThat(app("4.0.0", 50, null, null)).containsEntry("spark.kubernetes.allocation.batch.size", "20");
    assertThat(app("4.1.2", 50, null, null)).containsEntry("spark.kubernetes.allocation.batch.size", "20");
    assertThat(app("4.1.0", 50, 30, null)).as("30 s is 4.1's default: not repeated")
        .doesNotContainKey("spark.kubernetes.executor.terminationGracePeriodSeconds");
    assertThat(app("4.2.0", 50, null, null)).doesNotContainKey("spark.kubernetes.allocation.batch.size");
    assertThat(app("4.0.0", 8, null, null)).as("8 executors fit one round of 10")
        .doesNotContainKey("spark.kubernetes.allocation.batch.size");
    assertThat(app("3.5.6", 8, null, null)).containsEntry("spark.kubernetes.allocation.batch.size", "8");
  }

  @Test
  void eventLogsCompressAndRollWithoutRepeatingWhat40DoesByDefault() {
    assertThat(app("4.1.0", 10, null, null)).doesNotContainKeys("spark.eventLog.enabled", "spark.eventLog.dir");
    assertThat(app("3.5.6", 10, null, "s3a://logs/spark-events/"))
        .containsEntry("spark.eventLog.enabled", "true")
        .containsEntry("spark.eventLog.dir", "s3a://logs/spark-events/")
        .containsEntry("spark.eventLog.compress", "true")
        .containsEntry("spark.eventLog.rolling.enabled", "true");
    assertThat(app("4.0.0", 10, null, "s3a://logs/spark-events/"))
        .containsEntry("spark.eventLog.enabled", "true")
        .doesNotContainKeys("spark.eventLog.compress", "spark.eventLog.rolling.enabled");
  }

  @Test
  void noKeyIsWrittenForAReleaseOlderThanItsFirstVersion() {
    for (String version : new String[] {"3.1.0", "3.5.6", "4.0.0", "4.1.0", "4.2.0", "5.0.0"}) {
      SparkVersion v = SparkVersion.of(version);
      for (Reader reader : Reader.values()) {
        Map<String, String> written =
            VersionedSettings.settings(reader, new Context(v, 100, 120, "s3a://logs/events/"));
        for (VersionedSettings.Row row : VersionedSettings.TABLE) {
          if (written.containsKey(row.key()) && row.reader() == reader) {
            assertThat(v.atLeast(row.since())).as("%s written for %s", row.key(), version).isTrue();
          }
        }
      }
    }
  }

  static Map<String, String> app(String version, Workload workload) {
    return VersionedSettings.settings(
        Reader.APPLICATION, new Context(SparkVersion.of(version), 50, 120, null, workload));
  }

  /** The keys each release boundary gets for a 50-executor batch job with a 120 s executor grace. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "3.5.6|spark.kubernetes.allocation.batch.size=20",
    "4.0.0|spark.kubernetes.allocation.batch.size=20",
    "4.1.0|spark.kubernetes.allocation.batch.size=20,spark.kubernetes.allocation.maximum=1000,"
        + "spark.kubernetes.executor.terminationGracePeriodSeconds=120",
    "4.2.0|spark.kubernetes.allocation.maximum=1000,spark.kubernetes.executor.terminationGracePeriodSeconds=120",
  })
  void eachReleaseBoundaryGetsExactlyItsKeys(String version, String expected) {
    assertThat(app(version, Workload.BATCH)).isEqualTo(entries(expected));
  }

  @Test
  void memoryBoundTurnsOnTheResizePluginFrom42Only() {
    Map<String, String> resize = app("4.2.0", new Workload(true, false));
    assertThat(resize)
        .containsEntry("spark.plugins", "org.apache.spark.scheduler.cluster.k8s.ExecutorResizePlugin")
        .containsEntry("spark.kubernetes.allocation.pods.allocator", "direct")
        // Written although the plugin falls back to 1m: the key's documented default (0) means off.
        .containsEntry("spark.kubernetes.executor.resizeInterval", "1m");
    assertThat(app("4.1.0", new Workload(true, false)))
        .doesNotContainKeys("spark.plugins", "spark.kubernetes.executor.resizeInterval");
    SparkSettings settings = SparkSettings.of(SparkSettingsTest.plan(), SparkPreset.BASE, null, null, null, null);
    for (String older : new String[] {"3.5.6", "4.0.0", "4.1.1"}) {
      assertThatThrownBy(() -> settings.forVersion(SparkVersion.of(older), null, new Workload(true, false)))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageStartingWith("--memory-bound:").hasMessageContaining("4.2.0");
    }
    assertThat(settings.forVersion(SparkVersion.of("4.2.1"), null, new Workload(true, false)).sparkConf())
        .containsKey("spark.plugins");
  }

  @Test
  void longRunningApplicationsGetNoCeilingOnExecutorPods() {
    for (String version : new String[] {"4.1.0", "4.2.0"}) {
      assertThat(app(version, Workload.BATCH)).containsEntry("spark.kubernetes.allocation.maximum", "1000");
      assertThat(app(version, new Workload(false, true))).as(version)
          .doesNotContainKey("spark.kubernetes.allocation.maximum")
          .containsEntry("spark.kubernetes.executor.terminationGracePeriodSeconds", "120");
    }
  }

  private static Map<String, String> entries(String commaSeparated) {
    Map<String, String> map = new java.util.TreeMap<>();
    for (String entry : commaSeparated.split(",")) {
      String[] kv = entry.split("=", 2);
      map.put(kv[0], kv[1]);
    }
    return map;
  }

  @Test
  void versionsParseAndCompare() {
    assertThat(SparkVersion.of("4.1.0").atLeast(SparkVersion.of("4.0.9"))).isTrue();
    assertThat(SparkVersion.of("3.10.0").atLeast(SparkVersion.of("3.9.9"))).isTrue();
    assertThat(SparkVersion.of("4.0.0").atLeast(SparkVersion.of("4.1.0"))).isFalse();
    assertThatThrownBy(() -> SparkVersion.parse("--spark-version", "4.1"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("--spark-version: '4.1' is not valid");
    assertThatThrownBy(() -> SparkVersion.parse("--spark-version", "3.0.3"))
        .hasMessageContaining("3.1.0 or later");
    assertThatThrownBy(() -> VersionedSettings.eventLogDir("--event-log-dir", "/tmp/events"))
        .hasMessageContaining("s3a://bucket/spark-events/");
  }
}
