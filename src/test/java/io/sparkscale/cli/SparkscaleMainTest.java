package io.sparkscale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.main.Launch;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.Test;

/** The packaged wiring: the entry point runs each command (rightsize and render on picocli alone, the rest
 * through Quarkus) with sparkscale's error handling. */
@QuarkusMainTest
class SparkscaleMainTest {

  @Test
  @Launch({"--help"})
  void helpListsTheSubcommands(LaunchResult result) {
    assertThat(result.getOutput()).contains("Usage: sparkscale").contains("rightsize");
  }

  @Test
  @Launch({"--version"})
  void versionComesFromTheBuild(LaunchResult result) {
    assertThat(result.getOutput()).matches("sparkscale \\d+\\.\\d+\\.\\d+.*");
  }

  @Test
  @Launch({"rightsize", "--help"})
  void subcommandHelp(LaunchResult result) {
    assertThat(result.getOutput()).contains("--data-size").contains("--executor-preset").contains("--waves")
        .contains("sparkapplication-fragment");
  }

  @Test
  @Launch({"rightsize", "--data-size", "1TB", "--format", "spark-conf"})
  void stdoutCarriesOnlyTheOutput(LaunchResult result) {
    assertThat(result.getOutputStream()).isNotEmpty().allMatch(line -> line.startsWith("spark."));
    // What spark-defaults.conf cannot carry (the executors' ephemeral-storage) is said on stderr, not stdout.
    assertThat(messages(result)).singleElement().asString()
        .startsWith("warning: spark-defaults.conf cannot request ephemeral storage");
  }

  @Test
  @Launch(value = {"rightsize", "--data-size", "1ZB"}, exitCode = 2)
  void badInputExitsTwoFromTheEntryPointToo(LaunchResult result) {
    assertThat(messages(result)).singleElement().asString().startsWith("sparkscale rightsize: --data-size: '1ZB'");
  }

  /** stderr without log lines: the packaged launcher may run with Quarkus' INFO logs on (to stderr). */
  private static java.util.List<String> messages(LaunchResult result) {
    return result.getErrorStream().stream().filter(line -> !line.isBlank() && !LOG_LINE.matcher(line).find()).toList();
  }

  private static final java.util.regex.Pattern LOG_LINE =
      java.util.regex.Pattern.compile("^\\d{4}-\\d{2}-\\d{2} [\\d:,]+ +(TRACE|DEBUG|INFO|WARN|ERROR) ");
}
