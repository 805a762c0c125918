package io.sparkscale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.sparkscale.cli.CliRunner.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RightsizeCommandTest {

  @Test
  void tableForOneTerabyte() {
    Result result = CliRunner.run("rightsize", "--data-size", "1TB");
    assertThat(result.exitCode()).isZero();
    assertThat(result.err()).isEmpty();
    assertThat(result.out())
        .contains("1.00 TB (1000000000000 bytes)")
        .contains("max 466")
        .contains("spark.dynamicAllocation.enabled true");
  }

  @Test
  void jsonHasTheDocumentedShape() throws Exception {
    Result result = CliRunner.run("rightsize", "--data-size", "1TB", "--cloud", "aws", "--format", "json");
    assertThat(result.exitCode()).isZero();
    JsonNode json = new ObjectMapper().readTree(result.out());
    assertThat(json.at("/input/dataBytes").asLong()).isEqualTo(1_000_000_000_000L);
    for (String field : new String[] {
        "/executor/cores", "/executor/memoryMiB", "/executor/memoryOverheadMiB", "/executor/podMemoryMiB",
        "/executor/cpuRequestMillis", "/node/type", "/node/allocatableCpuMillis", "/node/allocatableMemoryMiB",
        "/node/daemonSetReservedCpuMillis", "/node/daemonSetReservedMemoryMiB", "/node/executorsPerNode",
        "/dynamicAllocation/enabled", "/dynamicAllocation/minExecutors", "/dynamicAllocation/initialExecutors",
        "/dynamicAllocation/maxExecutors", "/partitions/inputTasks", "/partitions/maxPartitionBytes",
        "/partitions/shufflePartitions", "/cluster/nodes", "/cluster/executors", "/cluster/totalExecutorCores",
        "/cost/currency", "/cost/onDemandPerHour", "/cost/spotPerHour", "/cost/priceSource",
        "/node/arch", "/node/capacityMemoryMiB", "/node/karpenterAllocatableMemoryMiB",
        "/node/executorMemoryBudgetMiB", "/node/headroom", "/node/localNvmeGB", "/partitions/shuffleBlocks",
        "/localDisk/shuffleBytes", "/localDisk/executorNeedMiB", "/localDisk/executorRequestMiB",
        "/localDisk/nodeDiskBytes", "/localDisk/nodeAllocatableDiskBytes", "/localDisk/nodeDiskSource"}) {
      assertThat(json.at(field).isMissingNode()).as(field).isFalse();
      assertThat(json.at(field).isNull()).as(field).isFalse();
    }
    assertThat(json.at("/node/type").asText()).isEqualTo("m5.4xlarge");
    assertThat(json.at("/node/daemonSetReservedCpuMillis").asLong()).isEqualTo(200);
    assertThat(json.at("/input/assumedBecause").isNull()).isTrue();
    assertThat(json.at("/node/headroom").asDouble()).isEqualTo(0.03);
    json.get("sparkConf").fields().forEachRemaining(entry -> assertThat(entry.getValue().isTextual()).isTrue());
    assertThat(json.get("notes").size()).isPositive();
  }

  @Test
  void headroomIsAPercentWithOrWithoutItsSign() throws Exception {
    for (String given : new String[] {"10%", "10", " 10 % "}) {
      JsonNode json = new ObjectMapper().readTree(CliRunner.run("rightsize", "--data-size", "1TB", "--cloud", "aws",
          "--headroom", given, "--format", "json").out());
      assertThat(json.at("/node/headroom").asDouble()).as(given).isEqualTo(0.1);
    }
  }

  @Test
  void withoutANodeNodeAndCostAreNull() throws Exception {
    JsonNode json = new ObjectMapper().readTree(CliRunner.run("rightsize", "--data-size", "10GB", "--format", "json").out());
    assertThat(json.get("node").isNull()).isTrue();
    assertThat(json.get("cost").isNull()).isTrue();
  }

  @Test
  void sparkConfIsSparkDefaultsLines() {
    Result result = CliRunner.run("rightsize", "--data-size", "100GB", "--format", "spark-conf");
    assertThat(result.exitCode()).isZero();
    assertThat(result.out().lines()).allMatch(line -> line.matches("spark\\.[A-Za-z0-9./-]+ \\S+"));
    assertThat(result.out()).contains("spark.dynamicAllocation.shuffleTracking.enabled true");
  }

  @Test
  void fragmentIsNamedAsInTheSparkApplicationSpec() throws Exception {
    Result result = CliRunner.run("rightsize", "--data-size", "1TB", "--node-type", "m5.4xlarge",
        "--format", "sparkapplication-fragment");
    assertThat(result.exitCode()).isZero();
    JsonNode values = new YAMLMapper().readTree(result.out());
    assertThat(values.at("/executor/cores").asInt()).isEqualTo(4);
    assertThat(values.at("/executor/coreRequest").asText()).isEqualTo("3920m");
    // m5.4xlarge is an AWS type: packed to Karpenter's estimate, 57691 - 512 MiB / 4 pods
    assertThat(values.at("/executor/memory").asText()).isEqualTo("12995m");
    assertThat(values.at("/executor/template/spec/containers/0/name").asText()).isEqualTo("spark-kubernetes-executor");
    // 4 GiB needed, but the 20 GiB root volume leaves executors 9 GiB: 2 GiB each for 4 (and a warning)
    assertThat(values.at("/executor/template/spec/containers/0/resources/requests/ephemeral-storage").asText())
        .isEqualTo("2Gi");
    assertThat(values.at("/dynamicAllocation/enabled").asBoolean()).isTrue();
    assertThat(values.at("/dynamicAllocation/maxExecutors").asInt()).isEqualTo(466);
    assertThat(values.at("/driver/memoryOverhead").asText()).isEqualTo("819m");
    assertThat(values.at("/sparkConf/spark.sql.shuffle.partitions").isTextual()).isTrue();
    assertThat(values.at("/sparkConf").has("spark.executor.memory")).isFalse();
    assertThat(values.at("/sparkConf").has("spark.driver.memoryOverhead")).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "--data-size 0TB|--data-size: '0TB'",
    "--data-size -1TB|--data-size",
    "--data-size lots|--data-size: 'lots'",
    "--data-size 1TB --executor-memory 8x|--executor-memory: '8x'",
    "--data-size 1TB --executor-memory 0g|--executor-memory: '0g'",
    "--data-size 1TB --node-type m5.4xlargee|nearest known: m5.4xlarge",
    "--data-size 1TB --executor-preset huge|--executor-preset",
    "--data-size 1TB --format xml|--format",
    "--data-size 1TB --cloud ibm|--cloud",
    "--data-size 1TB --node-cores 16|--node-memory: required with --node-cores",
    "--node-cores 16|--data-size: required; --node-memory: required with --node-cores",
    "--data-size 1TB --node-type c5.2xlarge --executor-cores 16|too small for one executor",
    "--data-size 1TB --spot-discount 1.5|--spot-discount",
    "--data-size 1TB --max-executors 0|--max-executors",
    "--data-size 1TB --daemonset-cpu 200m|need a node",
    "--data-size 1TB --cloud gcp --node-type m5.4xlarge|is a node type of --cloud aws, not gcp",
    "--data-size 1TB --helm-values|use --format sparkapplication-fragment",
    "--data-size 1TB --format helm-values|use --format sparkapplication-fragment",
    "--data-size 1 TB|--data-size: write 1TB, with no space",
    "--data-size 1TB --executor-memory 8|--executor-memory: '8' has no unit (Spark would read it as MiB); write 8g",
    "--data-size 1TB --executor-memory 300m|below Spark's minimum executor memory of 450 MiB",
    "--data-size 1TB --driver-memory 16|--driver-memory: '16' has no unit",
    "--data-size 1TB --node-cores 16 --node-memory 64|--node-memory: '64' has no unit",
    "--data-size 1TB --memory-overhead-factor 65|--memory-overhead-factor: '65' is out of range",
    "--data-size 1TB --spot-discount 1|--spot-discount: '1' is out of range",
    "--data-size 1TB --cloud aws --budget-per-hour lots|--budget-per-hour: 'lots' is not a number",
    "--data-size 1TB --waves 0|--waves",
    "--executor-cores 4|--data-size: required",
    "--data-size 1TB --no-such-flag|--no-such-flag"
  })
  void badInputIsExitTwoWithOneLine(String args, String expected) {
    Result result = CliRunner.run(("rightsize " + args).split(" "));
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.out()).isEmpty();
    assertThat(result.err().strip()).contains(expected).doesNotContain("\n").doesNotContain("Exception");
  }

  @Test
  void boundsThatBindAreWarnedInTheTableAndOnStderrForConf() {
    Result table = CliRunner.run("rightsize", "--data-size", "100TB", "--cloud", "aws");
    assertThat(table.exitCode()).isZero();
    assertThat(table.out()).contains("max 5000").contains("1250 nodes").contains("Warnings\n  ! ")
        .contains("\n  ! maxExecutors is capped");
    Result conf = CliRunner.run("rightsize", "--data-size", "100TB", "--cloud", "aws", "--format", "spark-conf");
    assertThat(conf.out().lines()).allMatch(line -> line.matches("spark\\.[A-Za-z0-9./-]+ \\S+"));
    assertThat(conf.err()).contains("warning: maxExecutors is capped at 5000").doesNotContain("Exception");
    assertThat(conf.err().lines()).allMatch(line -> line.startsWith("warning: "));
    // 1 TB on a disk that holds its shuffle binds no bound; the one line left says what configuration alone
    // cannot request.
    Result quiet = CliRunner.run("rightsize", "--data-size", "1TB", "--cloud", "aws", "--node-disk", "50GiB",
        "--format", "spark-conf");
    assertThat(quiet.err().lines()).singleElement().satisfies(line -> assertThat(line)
        .startsWith("warning: spark-defaults.conf cannot request ephemeral storage").contains("ephemeral-storage: 4Gi"));
  }

  @Test
  void wavesAndDriverOptionsReachThePlan() throws Exception {
    JsonNode json = new ObjectMapper().readTree(CliRunner.run("rightsize", "--data-size", "1TB", "--waves", "1",
        "--driver-cores", "3", "--driver-memory", "12g", "--format", "json").out());
    assertThat(json.at("/dynamicAllocation/maxExecutors").asInt()).isEqualTo(1863);
    assertThat(json.at("/partitions/inputWaves").asInt()).isEqualTo(1);
    assertThat(json.at("/driver/cores").asInt()).isEqualTo(3);
    assertThat(json.at("/driver/memoryMiB").asInt()).isEqualTo(12_288);
    assertThat(json.get("warnings").isArray()).isTrue();
  }

  @Test
  void renderHelpShowsWholeSentences() {
    Result help = CliRunner.run("render", "--help");
    assertThat(help.exitCode()).isZero();
    String commands = help.out().substring(help.out().indexOf("Commands:"));
    // Each summary ends its sentence: the last line of every entry ends with a full stop.
    String[] entries = commands.substring("Commands:\n".length()).split("\n(?=  \\S)");
    assertThat(entries).hasSizeGreaterThan(5)
        .allSatisfy(entry -> assertThat(entry.strip()).endsWith("."));
    assertThat(commands).contains("spark-conf").doesNotContain("With --preset");
  }

  @Test
  void verboseAddsTheStackTrace() {
    Result result = CliRunner.run("rightsize", "--data-size", "1TB", "--node-type", "nope", "--verbose");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("InvalidInputException").contains("at io.sparkscale");
  }
}
