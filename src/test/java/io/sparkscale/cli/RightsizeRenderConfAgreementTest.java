package io.sparkscale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkscale.cli.CliRunner.Result;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 19 part 3 item 11: `rightsize --format spark-conf` and `render spark-conf` size the same input the same
 * way. render may add keys of its own (placement, annotations), never a different value for a sizing key.
 */
class RightsizeRenderConfAgreementTest {

  @ParameterizedTest
  @ValueSource(strings = {
      "--data-size 1TB --cloud aws",
      "--data-size 500GB --cloud gcp",
      "--data-size 500GB --cloud azure",
      "--data-size 10TB --cloud aws --node-type r5d.4xlarge --executor-preset large",
      "--data-size 100TB --cloud aws --arch arm64",
      "--data-size 2TB --cloud aws --headroom 5% --vm-memory-overhead-percent 0"})
  void everyKeyRightsizePrintsRenderPrintsWithTheSameValue(String args) {
    Map<String, String> rightsize = conf("rightsize", args + " --format spark-conf");
    Map<String, String> render = conf("render spark-conf", args);
    assertThat(rightsize).isNotEmpty().containsKey("spark.executor.memory");
    List<String> differing = new ArrayList<>();
    rightsize.forEach((key, value) -> {
      if (!value.equals(render.get(key))) {
        differing.add(key + ": rightsize " + value + ", render " + render.get(key));
      }
    });
    assertThat(differing).isEmpty();
  }

  private static Map<String, String> conf(String command, String args) {
    List<String> argv = new ArrayList<>(List.of(command.split(" ")));
    argv.addAll(List.of(args.split(" ")));
    Result result = CliRunner.run(argv.toArray(String[]::new));
    assertThat(result.exitCode()).as(command + " " + args + ": " + result.err()).isZero();
    Map<String, String> conf = new LinkedHashMap<>();
    result.out().lines().filter(line -> line.startsWith("spark.")).forEach(line -> {
      int space = line.indexOf(' ');
      conf.put(line.substring(0, space), line.substring(space + 1));
    });
    return conf;
  }
}
