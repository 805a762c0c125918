package io.sparkscale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkscale.cli.CommandTreeTest.Run;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * Which command lines run on picocli alone and which start Quarkus, and that a command line parsed to decide
 * runs exactly as a fresh one (the packaged entry point parses, then executes the same instance).
 */
class MainTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "rightsize --data-size 1TB",
      "rightsize --data-size 2TiB --format yaml --cloud aws",
      "rightsize --help",
      "render",
      "render scaledobject --name etl --bucket incoming --target-name etl --scaler-address sparkscale.keda:9090",
      "render sparkapplication --name etl --data-size 1TB --image spark:3.5.3 --main-application-file local:///a.py",
      "render karpenter --data-size 1TB --cloud aws",
      "simulate --pattern steady:rate=10/s --throughput 2/s --cloud aws",
      "simulate --arrivals arrivals.csv --throughput 2/s --cloud aws",
      "rightsize --data-size 1 TB",
      "rightsize --no-such-option"})
  void computingCommandsRunWithoutQuarkus(String line) {
    assertThat(Main.standalone(line.split(" "))).as(line).isPresent();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "serve --port 0",
      "probe --address localhost:9090",
      "simulate --arrivals s3://landing/incoming/ --throughput 2/s --cloud aws",
      "claim --bucket landing --batch-objects 10",
      "rightsize --data-size s3://landing/batch-7/",
      "rightsize --format json --data-size s3://landing/batch-7/ --region us-east-1",
      "render sparkapplication --name etl --data-size s3://landing/x/ --image spark:3.5.3"
          + " --main-application-file local:///a.py",
      "--help",
      "--version",
      "rightsise --data-size 1TB"})
  void whatNeedsTheRuntimeStartsQuarkus(String line) {
    assertThat(Main.standalone(line.split(" "))).as(line).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "rightsize --data-size 1TB --format json",
      "rightsize --data-size 1TB --executor-preset large --format spark-conf",
      "render karpenter --data-size 1TB --cloud aws",
      "rightsize --data-size 1ZB",
      "rightsize --data-size 1 TB",
      "render"})
  void aCommandLineParsedToDecideRunsAsAFreshOne(String line) {
    String[] args = line.split(" ");
    Optional<CommandLine> decided = Main.standalone(args);
    assertThat(decided).isPresent();

    Run run = CommandTreeTest.run(decided.get(), args);
    assertThat(run).isEqualTo(CommandTreeTest.run(CommandTreeTest.whole(), args));
    assertThat(run.out() + run.err()).isNotBlank();
  }
}
