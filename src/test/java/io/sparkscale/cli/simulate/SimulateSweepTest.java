package io.sparkscale.cli.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkscale.cli.CliRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `simulate --sweep`: every combination is run, the front is the non-dominated complete points, the
 * recommendation follows the goal or the knee, and the manifest printed is render's, which simulates back to
 * the recommended point's summary.
 */
class SimulateSweepTest {

  static final List<String> RUN = List.of("--pattern", "poisson:rate=8/s", "--duration", "3h", "--throughput",
      "2/s", "--cloud", "aws");
  static final List<String> NAMES = List.of("--name", "etl", "--target-name", "connect", "--scaler-address",
      "sparkscale.keda.svc:9090", "--bucket", "landing");
  static final List<String> RANGES = List.of("--sweep-target", "10,40", "--sweep-polling-interval", "15,60",
      "--sweep-cooldown-period", "60,300", "--sweep-max-replicas", "2..8:3");

  static CliRunner.Result simulate(List<String> settings, String... more) {
    List<String> args = new ArrayList<>(List.of("simulate"));
    args.addAll(RUN);
    args.addAll(settings);
    args.addAll(List.of(more));
    return CliRunner.run(args.toArray(String[]::new));
  }

  static JsonNode sweep(String... more) throws Exception {
    List<String> settings = new ArrayList<>(NAMES);
    settings.add("--sweep");
    settings.addAll(RANGES);
    settings.addAll(List.of("--format", "json"));
    return Sim.json(simulate(settings, more));
  }

  static String render(String kind, List<String> flags) {
    List<String> args = new ArrayList<>(List.of("render", kind));
    args.addAll(flags);
    CliRunner.Result r = CliRunner.run(args.toArray(String[]::new));
    assertThat(r.exitCode()).as(r.err()).isZero();
    return r.out();
  }

  @Test
  void everyCombinationRunsAndTheFrontIsTheNonDominatedCompletePoints() throws Exception {
    JsonNode json = sweep();
    JsonNode points = json.get("points");
    // 2 targets x 2 polling intervals x 2 cooldowns x max replicas 2, 5, 8.
    assertThat(points).hasSize(24);
    assertThat(json.at("/sweep/settingsRun").asInt()).isEqualTo(24);
    assertThat(json.at("/sweep/costUnit").asText()).isEqualTo("USD");
    assertThat(json.at("/settings/sweep").asText()).isEqualTo("targetObjectCount 10,40 x pollingInterval 15s,60s"
        + " x cooldownPeriod 60s,300s x maxReplicaCount 2,5,8: 24 settings");
    List<String> combinations = new ArrayList<>();
    for (JsonNode p : points) {
      combinations.add(p.get("targetObjectCount") + "/" + p.get("pollingInterval") + "/" + p.get("cooldownPeriod")
          + "/" + p.get("maxReplicaCount"));
      assertThat(p.get("cost").asDouble()).isEqualTo(p.at("/summary/costUsd").asDouble());
      assertThat(p.get("complete").asBoolean())
          .isEqualTo(p.at("/summary/processedObjects").equals(p.at("/summary/arrivedObjects")));
    }
    assertThat(combinations).doesNotHaveDuplicates().contains("10/15/60/2", "40/60/300/8", "10/60/300/5");
    JsonNode front = json.get("front");
    assertThat(front.size()).isBetween(1, 24);
    double previousCost = -1;
    double previousP95 = Double.MAX_VALUE;
    for (JsonNode f : front) {
      assertThat(f.get("complete").asBoolean()).isTrue();
      assertThat(cost(f)).isGreaterThan(previousCost);
      assertThat(p95(f)).isLessThan(previousP95);
      previousCost = cost(f);
      previousP95 = p95(f);
      for (JsonNode p : points) {
        boolean better = p.get("complete").asBoolean() && cost(p) < cost(f) - 1e-4 && p95(p) < p95(f) - 1e-3;
        assertThat(better).as("%s beats front point %s", p, f).isFalse();
      }
    }
    for (JsonNode p : points) {
      if (p.get("complete").asBoolean()) {
        boolean covered = false;
        for (JsonNode f : front) {
          covered |= cost(f) <= cost(p) + 1e-4 && p95(f) <= p95(p) + 1e-3;
        }
        assertThat(covered).as("%s is on or behind the front", p).isTrue();
      }
    }
    assertThat(front).contains(json.get("recommended"));
    assertThat(json.get("reason").asText()).startsWith("the knee of the front");
  }

  private static double cost(JsonNode point) {
    return point.get("cost").asDouble();
  }

  private static double p95(JsonNode point) {
    return point.at("/summary/drain/p95Seconds").asDouble();
  }

  @Test
  void theManifestIsRendersAndSimulatesBackToTheRecommendedPoint(@TempDir Path dir) throws Exception {
    JsonNode json = sweep();
    JsonNode r = json.get("recommended");
    List<String> flags = new ArrayList<>(NAMES);
    flags.addAll(List.of("--target-object-count", r.get("targetObjectCount").asText(), "--polling-interval",
        r.get("pollingInterval").asText(), "--cooldown-period", r.get("cooldownPeriod").asText(),
        "--max-replicas", r.get("maxReplicaCount").asText()));
    String manifest = json.get("manifest").asText();
    assertThat(manifest).isEqualTo(render("scaledobject", flags));
    Path file = Files.writeString(dir.resolve("so.yaml"), manifest);
    JsonNode replay = Sim.json(simulate(List.of("--scaled-object", file.toString(), "--format", "json")));
    assertThat(replay.get("summary")).isEqualTo(r.get("summary"));
  }

  @Test
  void theTableStarsTheRecommendedPointOfTheFrontAndEndsWithItsManifest() throws Exception {
    List<String> settings = new ArrayList<>(NAMES);
    settings.add("--sweep");
    settings.addAll(RANGES);
    CliRunner.Result table = simulate(settings);
    assertThat(table.exitCode()).as(table.err()).isZero();
    JsonNode json = sweep();
    String out = table.out();
    assertThat(out).startsWith("scaler    ScaledObject (flags)").contains("\nsweep     targetObjectCount 10,40 x")
        .contains("24 settings run").endsWith(json.get("manifest").asText());
    String[] lines = out.split("\n");
    int header = 0;
    while (!lines[header].contains("p95 drain s")) {
      header++;
    }
    List<String> rows = new ArrayList<>();
    for (int i = header + 1; !lines[i].isEmpty(); i++) {
      rows.add(lines[i]);
    }
    assertThat(rows).hasSize(json.get("front").size());
    List<String> starred = rows.stream().filter(row -> row.startsWith("*")).toList();
    assertThat(starred).hasSize(1);
    JsonNode r = json.get("recommended");
    assertThat(starred.get(0).substring(1).trim().split("\\s+")).startsWith(r.get("targetObjectCount").asText(),
        r.get("pollingInterval").asInt() == 60 ? "1m" : r.get("pollingInterval").asText() + "s");
    assertThat(out).contains(String.format("p95 time to drain %s s",
        r.at("/summary/drain/p95Seconds").decimalValue().toPlainString()));
    assertThat(out).contains("\nwhy          the knee of the front");
  }

  @Test
  void aGoalPicksTheCheapestFrontPointMeetingItOrElseTheFastest() throws Exception {
    JsonNode front = sweep().get("front");
    assertThat(front.size()).as("a front to choose from").isGreaterThan(1);
    // A goal just above the p95 of the second-fastest point: the cheapest point at or below it.
    double goal = Math.ceil(p95(front.get(front.size() - 2)));
    JsonNode expected = null;
    for (JsonNode f : front) {
      if (expected == null && p95(f) <= goal) {
        expected = f;
      }
    }
    JsonNode met = sweep("--p95-goal", (long) goal + "s");
    assertThat(met.get("recommended")).isEqualTo(expected);
    assertThat(met.get("reason").asText()).isEqualTo("the cheapest setting whose p95 time-to-drain meets the goal"
        + " of " + (long) goal + " s");
    assertThat(met.at("/sweep/p95GoalSeconds").asDouble()).isEqualTo(goal);
    JsonNode missed = sweep("--p95-goal", "1ms");
    assertThat(missed.get("recommended")).isEqualTo(front.get(front.size() - 1));
    assertThat(missed.get("reason").asText()).isEqualTo("no setting meets the p95 goal of 0.001 s; this one drains"
        + " fastest");
  }

  @Test
  void aScaledJobSweepPrintsTheScaledJobRenderWrites() throws Exception {
    List<String> job = List.of("--kind", "ScaledJob", "--name", "nightly", "--image", "apache/spark:4.1.0",
        "--scaler-address", "sparkscale.keda.svc:9090", "--bucket", "landing", "--target-object-count", "100");
    List<String> args = new ArrayList<>(job);
    args.addAll(List.of("--sweep", "--sweep-target", "50,200", "--sweep-max-replicas", "2,6", "--format", "json",
        "--", "local:///opt/app.jar"));
    JsonNode json = Sim.json(simulate(args));
    assertThat(json.get("points")).hasSize(4).allSatisfy(p -> assertThat(p.has("cooldownPeriod")).isFalse());
    JsonNode r = json.get("recommended");
    List<String> flags = new ArrayList<>(job.subList(2, job.size() - 2));
    flags.addAll(List.of("--target-object-count", r.get("targetObjectCount").asText(), "--max-replicas",
        r.get("maxReplicaCount").asText(), "--cloud", "aws", "--", "local:///opt/app.jar"));
    assertThat(json.get("manifest").asText()).isEqualTo(render("scaledjob", flags));
    assertThat(json.at("/settings/scaler").asText()).startsWith("ScaledJob (flags)");
  }

  @Test
  void aSweepFromAFileKeepsTheFileAndChangesOnlyWhatIsSwept(@TempDir Path dir) throws Exception {
    List<String> flags = new ArrayList<>(NAMES);
    flags.addAll(List.of("--target-object-count", "30", "--min-replicas", "1", "--max-replicas", "10"));
    Path file = Files.writeString(dir.resolve("so.yaml"), render("scaledobject", flags));
    JsonNode json = Sim.json(simulate(List.of("--scaled-object", file.toString(), "--sweep", "--sweep-max-replicas",
        "3,6,12", "--format", "json")));
    int max = json.at("/recommended/maxReplicaCount").asInt();
    flags.set(flags.indexOf("--max-replicas") + 1, Integer.toString(max));
    assertThat(json.get("manifest").asText()).isEqualTo(render("scaledobject", flags));
  }

  @Test
  void aBytesTriggerSweepsTargetBytes() throws Exception {
    List<String> args = new ArrayList<>(NAMES);
    args.addAll(List.of("--metric", "bytes", "--target-bytes", "1GB", "--object-size", "128MB", "--sweep",
        "--sweep-target", "512MB,2GB", "--format", "json"));
    JsonNode json = Sim.json(simulate(args));
    List<Long> targets = new ArrayList<>();
    json.get("points").forEach(p -> targets.add(p.get("targetBytes").asLong()));
    assertThat(targets).containsExactly(512_000_000L, 2_000_000_000L);
    assertThat(json.get("manifest").asText()).contains("targetBytes: \""
        + json.at("/recommended/targetBytes").asText() + "\"");
  }

  @Test
  void theTimelineAndPlotAreTheRecommendedRuns(@TempDir Path dir) throws Exception {
    Path swept = dir.resolve("swept.csv");
    JsonNode json = sweep("--timeline", swept.toString(), "--plot", dir.resolve("swept.png").toString());
    Path file = Files.writeString(dir.resolve("so.yaml"), json.get("manifest").asText());
    Path single = dir.resolve("single.csv");
    assertThat(simulate(List.of("--scaled-object", file.toString(), "--timeline", single.toString())).exitCode())
        .isZero();
    assertThat(Files.readAllLines(swept)).hasSizeGreaterThan(10).isEqualTo(Files.readAllLines(single));
    assertThat(javax.imageio.ImageIO.read(dir.resolve("swept.png").toFile()).getWidth()).isEqualTo(1200);
  }
}
