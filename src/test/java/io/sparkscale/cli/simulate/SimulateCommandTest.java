package io.sparkscale.cli.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkscale.cli.CliRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `simulate` end to end, in process: the summary table, the JSON, and how they agree. */
class SimulateCommandTest {

  @Test
  void theJsonHasTheContractsFieldsAndEveryObjectIsProcessedOnce() throws Exception {
    JsonNode json = Sim.json(Sim.base("--format", "json"));
    JsonNode s = json.get("summary");
    for (String field : List.of("arrivedObjects", "processedObjects", "maxBacklogObjects", "maxReplicas", "maxNodes",
        "replicaSeconds", "nodeSeconds", "costUsd", "scaleEvents", "endSeconds")) {
      assertThat(s.has(field)).as(field).isTrue();
    }
    assertThat(s.at("/drain/p50Seconds").isNumber()).isTrue();
    assertThat(s.at("/drain/p95Seconds").isNumber()).isTrue();
    assertThat(s.at("/drain/maxSeconds").isNumber()).isTrue();
    assertThat(s.get("arrivedObjects").asLong()).isEqualTo(72_000);
    assertThat(s.get("processedObjects").asLong()).isEqualTo(72_000);
    assertThat(s.get("maxReplicas").asInt()).isBetween(5, 10);
    // m5.4xlarge at 0.768 USD/h on demand: cost is node-hours at that price.
    assertThat(s.get("costUsd").asDouble()).isCloseTo(s.get("nodeSeconds").asDouble() / 3600 * 0.768, within(1e-3));
    JsonNode timeline = json.get("timeline");
    assertThat(timeline.size()).isGreaterThan(10);
    for (JsonNode point : timeline) {
      assertThat(point.get("backlogObjects").asLong()).isNotNegative();
      assertThat(point.get("nodes").asInt() * 4).isGreaterThanOrEqualTo(point.get("replicas").asInt());
    }
    assertThat(timeline.get(timeline.size() - 1).get("replicas").asInt()).isZero();
    assertThat(json.at("/settings/scaler").asText()).contains("ScaledObject", "target 20");
    assertThat(json.at("/settings/arrivals").asText()).isEqualTo("steady:rate=10/s for 2h, seed 1");
  }

  @Test
  void theTableShowsTheJsonsNumbers() throws Exception {
    CliRunner.Result table = Sim.base();
    assertThat(table.exitCode()).as(table.err()).isZero();
    JsonNode s = Sim.json(Sim.base("--format", "json")).get("summary");
    Map<String, String> rows = rows(table.out());
    assertThat(rows.get("objects arrived")).isEqualTo(String.format("%,d", s.get("arrivedObjects").asLong()));
    assertThat(rows.get("max backlog")).isEqualTo(String.format("%,d objects", s.get("maxBacklogObjects").asLong()));
    assertThat(rows.get("max replicas")).isEqualTo(s.get("maxReplicas").asText());
    assertThat(rows.get("max nodes")).isEqualTo(s.get("maxNodes").asText());
    assertThat(Double.parseDouble(rows.get("replica-hours")))
        .isCloseTo(s.get("replicaSeconds").asDouble() / 3600, within(0.0006));
    assertThat(Double.parseDouble(rows.get("node-hours"))).isCloseTo(s.get("nodeSeconds").asDouble() / 3600,
        within(0.0006));
    assertThat(rows.get("cost")).isEqualTo(s.get("costUsd").decimalValue().toPlainString() + " USD");
    assertThat(rows.get("time to drain p95")).isEqualTo(s.at("/drain/p95Seconds").decimalValue().toPlainString() + " s");
    assertThat(rows.get("scale events")).isEqualTo(String.format("%,d", s.get("scaleEvents").asLong()));
    assertThat(table.out()).startsWith("scaler    ScaledObject (flags)").contains("\narrivals  steady:rate=10/s");
  }

  static Map<String, String> rows(String table) {
    Map<String, String> rows = new HashMap<>();
    Matcher m = Pattern.compile("(?m)^([a-zA-Z][a-zA-Z0-9 -]*?)  +(.+)$").matcher(table);
    while (m.find()) {
      rows.put(m.group(1).strip(), m.group(2).strip());
    }
    return rows;
  }

  @Test
  void theSameSeedGivesTheSameRunAndAnotherSeedAnother() throws Exception {
    List<String> args = List.of("simulate", "--pattern", "poisson:rate=5/s", "--duration", "1h", "--throughput",
        "2/s", "--pods-per-node", "4", "--format", "json");
    String first = CliRunner.run(withSeed(args, "7")).out();
    assertThat(CliRunner.run(withSeed(args, "7")).out()).isEqualTo(first);
    assertThat(Sim.json(CliRunner.run(withSeed(args, "8"))).at("/summary/arrivedObjects").asLong())
        .isNotEqualTo(Sim.json(CliRunner.run(withSeed(args, "7"))).at("/summary/arrivedObjects").asLong());
  }

  private static String[] withSeed(List<String> args, String seed) {
    List<String> all = new ArrayList<>(args);
    all.addAll(List.of("--seed", seed));
    return all.toArray(String[]::new);
  }

  @Test
  void aCsvTraceInSecondsOrIsoGivesTheSameRun(@TempDir Path dir) throws Exception {
    StringBuilder seconds = new StringBuilder("time,objects,bytes\n");
    StringBuilder iso = new StringBuilder("time,objects,bytes\n");
    java.time.Instant start = java.time.Instant.parse("2026-03-01T00:00:00Z");
    for (int i = 0; i < 360; i++) {
      int objects = i % 60 == 0 ? 500 : 3;
      seconds.append(i * 10).append(',').append(objects).append(',').append(objects * 1_000_000L).append('\n');
      iso.append(start.plusSeconds(i * 10L)).append(',').append(objects).append(',').append(objects * 1_000_000L)
          .append('\n');
    }
    Files.writeString(dir.resolve("s.csv"), seconds);
    Files.writeString(dir.resolve("i.csv"), iso);
    JsonNode a = Sim.json(Sim.run("simulate", "--arrivals", dir.resolve("s.csv").toString(), "--throughput",
        "4MB/s", "--cloud", "aws", "--format", "json"));
    JsonNode b = Sim.json(Sim.run("simulate", "--arrivals", dir.resolve("i.csv").toString(), "--throughput",
        "4MB/s", "--cloud", "aws", "--format", "json"));
    assertThat(a.get("summary")).isEqualTo(b.get("summary"));
    assertThat(a.at("/summary/arrivedObjects").asLong()).isEqualTo(6 * 500 + 354 * 3);
    assertThat(a.at("/summary/processedObjects").asLong()).isEqualTo(a.at("/summary/arrivedObjects").asLong());
  }

  @Test
  void aBytesTriggerNeedsObjectSizesAndUsesThem() throws Exception {
    JsonNode json = Sim.json(Sim.run("simulate", "--pattern", "burst:every=1h,objects=1000", "--duration", "3h",
        "--object-size", "100MB", "--throughput", "50MB/s", "--metric", "bytes", "--target-bytes", "10GB",
        "--max-replicas", "20", "--cloud", "aws", "--format", "json"));
    assertThat(json.at("/summary/arrivedObjects").asLong()).isEqualTo(3000);
    assertThat(json.at("/settings/scaler").asText()).contains("bytes, target 10000000000");
    assertThat(json.at("/summary/maxBacklogObjects").asLong()).isEqualTo(1000);
    // 100 GB a burst needs 10 replicas at 10 GB each; at 50 MB/s each they take 200 s once running.
    assertThat(json.at("/summary/maxReplicas").asInt()).isEqualTo(10);
    assertThat(json.at("/timeline").findValues("backlogBytes").stream().mapToLong(JsonNode::asLong).max()
        .orElseThrow()).isEqualTo(100_000_000_000L);
  }

  @Test
  void aScaledJobRunsFromFlags() throws Exception {
    JsonNode json = Sim.json(Sim.run("simulate", "--kind", "ScaledJob", "--pattern", "burst:every=30m,objects=200",
        "--duration", "2h", "--throughput", "1/s", "--target-object-count", "50", "--max-replicas", "8",
        "--scaling-strategy", "accurate", "--cloud", "aws", "--format", "json"));
    assertThat(json.at("/summary/processedObjects").asLong()).isEqualTo(800);
    assertThat(json.at("/summary/jobsWithoutWork").isNumber()).isTrue();
    assertThat(json.at("/settings/scaler").asText()).startsWith("ScaledJob (flags)").contains("strategy accurate");
  }

  @Test
  void spotPricesNodesWithTheDiscount() throws Exception {
    JsonNode onDemand = Sim.json(Sim.base("--format", "json")).get("summary");
    JsonNode spot = Sim.json(Sim.base("--format", "json", "--spot", "--spot-discount", "0.6")).get("summary");
    assertThat(spot.get("nodeSeconds")).isEqualTo(onDemand.get("nodeSeconds"));
    assertThat(spot.get("costUsd").asDouble()).isCloseTo(onDemand.get("costUsd").asDouble() * 0.4, within(1e-3));
  }

  @Test
  void aCustomNodeWithoutPriceHasNoCost() throws Exception {
    JsonNode s = Sim.json(Sim.run("simulate", "--pattern", "steady:rate=1/s", "--duration", "30m", "--throughput",
        "2/s", "--node-cores", "16", "--node-memory", "64g", "--format", "json")).get("summary");
    assertThat(s.has("costUsd")).isFalse();
    CliRunner.Result table = Sim.run("simulate", "--pattern", "steady:rate=1/s", "--duration", "30m",
        "--throughput", "2/s", "--node-cores", "16", "--node-memory", "64g");
    assertThat(rows(table.out()).get("cost")).isEqualTo("unknown (no node price)");
  }
}
