package io.sparkscale.cli.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkscale.cli.CliRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What `render` writes, fed to `simulate`, runs as the same flags do; the ScaledJob's own rightsize flags size
 * its Jobs; an event log gives the throughput.
 */
class SimulateFromManifestsTest {

  static final List<String> RUN = List.of("--pattern", "poisson:rate=8/s", "--duration", "3h", "--throughput",
      "2/s", "--format", "json");

  static JsonNode simulate(List<String> settings, String... more) throws Exception {
    List<String> args = new ArrayList<>(List.of("simulate"));
    args.addAll(RUN);
    args.addAll(settings);
    args.addAll(List.of(more));
    return Sim.json(CliRunner.run(args.toArray(String[]::new)));
  }

  @Test
  void aRenderedScaledObjectSimulatesAsItsFlags(@TempDir Path dir) throws Exception {
    List<String> flags = List.of("--target-object-count", "30", "--activation-target-object-count", "5",
        "--min-replicas", "1", "--max-replicas", "12", "--polling-interval", "15", "--cooldown-period", "120");
    List<String> render = new ArrayList<>(List.of("render", "scaledobject", "--name", "etl", "--target-name",
        "connect", "--scaler-address", "sparkscale.keda.svc:9090", "--bucket", "landing", "-o", dir.toString()));
    render.addAll(flags);
    assertThat(CliRunner.run(render.toArray(String[]::new)).exitCode()).isZero();
    Path file = dir.resolve("scaledobject-etl.yaml");
    JsonNode fromFile = simulate(List.of("--scaled-object", file.toString(), "--cloud", "aws"));
    JsonNode fromFlags = simulate(flags, "--cloud", "aws");
    assertThat(fromFile.get("summary")).isEqualTo(fromFlags.get("summary"));
    assertThat(fromFile.get("timeline")).isEqualTo(fromFlags.get("timeline"));
    assertThat(fromFile.at("/settings/scaler").asText()).startsWith("ScaledObject (" + file + "): objects, target 30,"
        + " activation above 5, polling 15s, cooldown 2m, replicas 1-12");
  }

  @Test
  void aScaledJobsOwnSizingFlagsPackItsJobs(@TempDir Path dir) throws Exception {
    assertThat(CliRunner.run("render", "scaledjob", "--name", "nightly", "--image", "apache/spark:4.1.0",
        "--scaler-address", "sparkscale.keda.svc:9090", "--bucket", "landing", "--max-replicas", "6",
        "--target-object-count", "100", "--node-type", "r5.4xlarge", "--executor-preset", "small", "-o",
        dir.toString(), "--", "local:///opt/app.jar").exitCode()).isZero();
    Path file = dir.resolve("scaledjob-nightly.yaml");
    JsonNode run = simulate(List.of("--scaled-job", file.toString()));
    // r5.4xlarge holds eight 2-core executors: the file's flags, not the default preset (4-core), decide.
    assertThat(run.at("/settings/work").asText()).contains("8 per node (2-core executor pods on r5.4xlarge)");
    assertThat(run.at("/settings/scaler").asText()).contains("ScaledJob", "target 100", "at most 6 Jobs");
    assertThat(run.at("/summary/processedObjects")).isEqualTo(run.at("/summary/arrivedObjects"));
    // Sizing flags on the command line replace the file's.
    JsonNode mine = simulate(List.of("--scaled-job", file.toString(), "--cloud", "aws"));
    assertThat(mine.at("/settings/work").asText()).contains("on m5.4xlarge");
  }

  @Test
  void aScaledJobsDataSizingFlagsAreKeptForItsJobsAndDoNotChangeThePacking(@TempDir Path dir) throws Exception {
    // --initial-executors 4 is above the executor count of a token data size: only packing is worked out here.
    List<String> sizing = List.of("--node-type", "r5.4xlarge", "--executor-preset", "small", "--initial-executors",
        "4", "--waves", "2", "--driver-cores", "2");
    List<String> render = new ArrayList<>(List.of("render", "scaledjob", "--name", "nightly", "--image",
        "apache/spark:4.1.0", "--scaler-address", "sparkscale.keda.svc:9090", "--bucket", "landing",
        "--target-object-count", "100", "-o", dir.toString()));
    render.addAll(sizing);
    render.addAll(List.of("--", "local:///opt/app.jar"));
    assertThat(CliRunner.run(render.toArray(String[]::new)).exitCode()).isZero();
    JsonNode fromFile = simulate(List.of("--scaled-job", dir.resolve("scaledjob-nightly.yaml").toString()));
    List<String> flags = new ArrayList<>(List.of("--kind", "ScaledJob", "--target-object-count", "100"));
    flags.addAll(sizing);
    JsonNode fromFlags = simulate(flags);
    for (JsonNode run : List.of(fromFile, fromFlags)) {
      assertThat(run.at("/settings/work").asText()).contains("8 per node (2-core executor pods on r5.4xlarge)");
      assertThat(run.at("/summary/processedObjects")).isEqualTo(run.at("/summary/arrivedObjects"));
    }
    assertThat(fromFile.get("summary")).isEqualTo(fromFlags.get("summary"));
  }

  @Test
  void aScaledJobClaimsAtStartAsRenderWritesItUnlessToldItDoesNot() throws Exception {
    List<String> job = List.of("--kind", "ScaledJob", "--target-object-count", "40", "--max-replicas", "10",
        "--cloud", "aws");
    JsonNode plain = simulate(job, "--no-claims");
    JsonNode claiming = simulate(job);
    assertThat(claiming.at("/settings/scaler").asText()).endsWith("claims at start");
    assertThat(plain.at("/settings/scaler").asText()).doesNotContain("claims");
    assertThat(claiming.at("/summary/processedObjects")).isEqualTo(plain.at("/summary/processedObjects"));
  }

  @Test
  void anEventLogGivesBytesPerExecutorSecondOrPerApplicationSecond() throws Exception {
    String log = "src/test/resources/event-logs/attempt_1_eventlog.zstd";
    // 263,123,509 bytes read; 1,067.718 executor-core-seconds of 3-core executors; 42.664 s application.
    JsonNode object = Sim.json(CliRunner.run("simulate", "--pattern", "steady:rate=1/s", "--duration", "1h",
        "--object-size", "1MB", "--event-log", log, "--cloud", "aws", "--format", "json"));
    assertThat(object.at("/settings/work").asText()).startsWith("739.31 KB/s per replica (event log " + log
        + ", per executor)");
    JsonNode job = Sim.json(CliRunner.run("simulate", "--kind", "ScaledJob", "--pattern", "steady:rate=1/s",
        "--duration", "1h", "--object-size", "1MB", "--event-log", log, "--cloud", "aws", "--format", "json"));
    assertThat(job.at("/settings/work").asText()).startsWith("6.17 MB/s per Job (event log " + log
        + ", per application)");
    assertThat(object.at("/summary/processedObjects").asLong()).isEqualTo(3600);
    assertThat(263_123_509 / (1067.718 / 3)).isCloseTo(739_310, within(10.0));
  }
}
