package io.sparkscale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkscale.cli.CliRunner.Result;
import io.sparkscale.eventlog.EventLogAnalyzer;
import io.sparkscale.eventlog.RightsizeReport;
import io.sparkscale.eventlog.Rightsizer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RightsizeEventLogTest {

  static final String LOGS = "src/test/resources/event-logs/";
  static final String ATTEMPT = LOGS + "attempt_1_eventlog.zstd";

  private static JsonNode json(Result result) throws Exception {
    assertThat(result.err()).isEmpty();
    assertThat(result.exitCode()).isZero();
    return new ObjectMapper().readTree(result.out());
  }

  @Test
  void theRecommendationFillsThePlanWithoutDataSize() throws Exception {
    RightsizeReport report = Rightsizer.report(EventLogAnalyzer.analyze(Path.of(ATTEMPT)));

    JsonNode json = json(CliRunner.run("rightsize", "--event-log", ATTEMPT, "--format", "json"));

    assertThat(json.at("/dynamicAllocation/maxExecutors").asInt()).isEqualTo(report.recommendedMaxExecutors());
    assertThat(json.at("/executor/cores").asInt()).isEqualTo(3);
    assertThat(json.at("/executor/memoryMiB").asLong()).isEqualTo(report.recommendedExecutorMemoryMiB());
    assertThat(json.at("/sparkConf/spark.dynamicAllocation.maxExecutors").asText())
        .isEqualTo(Integer.toString(report.recommendedMaxExecutors()));
    assertThat(json.at("/input/dataBytes").asLong()).isEqualTo(263_123_509L);
    assertThat(json.at("/eventLog/analysis/sparkVersion").asText()).isEqualTo("3.3.0-amzn-0");
    assertThat(json.at("/eventLog/analysis/tasks").asLong()).isEqualTo(107);
    assertThat(json.at("/eventLog/modelError").asDouble()).isBetween(-0.2, 0.2);
    assertThat(json.at("/eventLog/truncated").asBoolean()).isFalse();
    assertThat(json.at("/eventLog/replay/table").size()).isGreaterThanOrEqualTo(5);
    assertThat(json.at("/eventLog/replay/criticalPathSeconds").isNumber()).isTrue();
    assertThat(json.at("/eventLog/recommendation/kneeRule").asText()).contains("within 10%");
    assertThat(json.at("/eventLog/replay/table/0/onDemandUsd").isNull()).isTrue();
  }

  @Test
  void flagsWinOverTheLogAndCapsStillApply() throws Exception {
    JsonNode json = json(CliRunner.run("rightsize", "--event-log", ATTEMPT, "--executor-cores", "5",
        "--executor-memory", "8g", "--max-executors", "2", "--format", "json"));

    assertThat(json.at("/executor/cores").asInt()).isEqualTo(5);
    assertThat(json.at("/executor/memoryMiB").asLong()).isEqualTo(8192);
    assertThat(json.at("/dynamicAllocation/maxExecutors").asInt()).isEqualTo(2);
  }

  @Test
  void aPricedNodePricesTheReplayTable() throws Exception {
    JsonNode json = json(CliRunner.run("rightsize", "--event-log", ATTEMPT, "--cloud", "aws", "--format", "json"));

    JsonNode row = json.at("/eventLog/replay/table/0");
    // m5.4xlarge: 0.768 USD/h over 16 vCPUs.
    assertThat(row.get("onDemandUsd").asDouble())
        .isCloseTo(row.get("executorCoreHours").asDouble() * 0.768 / 16, org.assertj.core.api.Assertions.within(1e-3));
  }

  @Test
  void dataSizeScalesTheRecordedRun() throws Exception {
    JsonNode json = json(CliRunner.run("rightsize", "--event-log", ATTEMPT, "--data-size", "10GB", "--format", "json"));

    assertThat(json.at("/input/dataBytes").asLong()).isEqualTo(10_000_000_000L);
    assertThat(json.at("/eventLog/replay/extrapolation/factor").asDouble())
        .isCloseTo(10_000_000_000.0 / 263_123_509, org.assertj.core.api.Assertions.within(1e-3));
    assertThat(json.at("/dynamicAllocation/maxExecutors").asInt()).isGreaterThan(1);
  }

  /**
   * The case: 263 MB recorded, 10 TB asked (x38,005). The replay used to keep the non-input stages'
   * recorded task counts with every task x38,005 (a 295,941 s critical path, maxExecutors 67, 371 waves)
   * while the conf it printed set 50,000 shuffle partitions. Now the replay splits stages as that conf does.
   */
  @Test
  void extrapolationRunsTheStagesTheEmittedConfConfigures() throws Exception {
    JsonNode json = json(CliRunner.run("rightsize", "--event-log", ATTEMPT, "--data-size", "10TB", "--format", "json"));

    long inputTasks = json.at("/partitions/inputTasks").asLong();
    long partitions = json.at("/partitions/shufflePartitions").asLong();
    assertThat(json.at("/sparkConf/spark.sql.shuffle.partitions").asLong()).isEqualTo(partitions);
    JsonNode extrapolation = json.at("/eventLog/replay/extrapolation");
    // One reading stage of the plan's input tasks, four others of at most the shuffle partitions each.
    assertThat(extrapolation.get("scaledTasks").asLong()).isGreaterThan(inputTasks)
        .isLessThanOrEqualTo(inputTasks + 4 * partitions);
    assertThat(extrapolation.get("method").asText()).contains(inputTasks + " input tasks")
        .contains(partitions + " shuffle partitions");
    assertThat(json.at("/eventLog/replay/criticalPathSeconds").asDouble()).isLessThan(1000);
    assertThat(json.at("/dynamicAllocation/maxExecutors").asInt()).isGreaterThan(1000);
    assertThat(json.at("/partitions/inputWaves").asLong()).isLessThan(10);
    assertThat(extrapolation.get("warning").asText()).contains("38005 times");
    assertThat(json.at("/warnings").toString()).contains("38005 times that");
  }

  @Test
  void dataSizeWithALogThatReadNothingIsExitTwo() {
    Result result = CliRunner.run("rightsize", "--event-log", LOGS + "eventlog_4nodes_8cores_dynamic_alloc.zstd",
        "--data-size", "1TB");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).startsWith("sparkscale rightsize: --data-size: the event log records no input bytes");
  }

  @Test
  void aLogThatReadNothingStillGivesAPlan() throws Exception {
    JsonNode json = json(CliRunner.run("rightsize", "--event-log",
        LOGS + "eventlog_4nodes_8cores_dynamic_alloc.zstd", "--format", "json"));

    assertThat(json.at("/eventLog/analysis/executorsAdded").asInt()).isEqualTo(15);
    assertThat(json.at("/input/dataBytes").asLong()).isPositive();
    assertThat(json.at("/input/assumedBecause").asText()).isEqualTo("the event log records no input bytes read");
    assertThat(json.at("/notes").toString()).contains("records no input bytes");
  }

  @Test
  void theSummaryOfALogThatReadNothingSaysSo() {
    Result result = CliRunner.run("rightsize", "--event-log", LOGS + "eventlog_4nodes_8cores_dynamic_alloc.zstd");

    assertThat(result.exitCode()).isZero();
    String input = result.out().lines().filter(l -> l.startsWith("Input ")).findFirst().orElseThrow();
    assertThat(input).startsWith("Input           not measured: the event log records no input bytes read;")
        .endsWith("assumed only to size partitions");
    assertThat(result.out()).contains("Input           not recorded: no Input Metrics in the log")
        .doesNotContain("0 B read");
  }

  @Test
  void theTableShowsTheEventLogSection() {
    Result result = CliRunner.run("rightsize", "--event-log", LOGS + "truncated_eventlog");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .contains("Event log")
        .contains("TRUNCATED")
        .contains("modelError")
        .contains("Recommended     maxExecutors")
        .contains("spark.dynamicAllocation.maxExecutors");
  }

  @Test
  void malformedAndMissingLogsAreExitTwoWithOneLine() {
    Result malformed = CliRunner.run("rightsize", "--event-log", LOGS + "malformed_json_eventlog.zstd");
    Result missing = CliRunner.run("rightsize", "--event-log", LOGS + "nope.zstd");

    assertThat(malformed.exitCode()).isEqualTo(2);
    assertThat(malformed.err()).startsWith("sparkscale rightsize: --event-log: ").contains(" line 4: malformed JSON");
    assertThat(malformed.err().strip()).doesNotContain("\n");
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("no such file");
  }

  @Test
  void withoutEventLogDataSizeIsStillRequired() {
    Result result = CliRunner.run("rightsize");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("--data-size");
  }
}
