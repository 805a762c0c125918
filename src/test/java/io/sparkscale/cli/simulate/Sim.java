package io.sparkscale.cli.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkscale.cli.CliRunner;
import java.util.ArrayList;
import java.util.List;

/** Runs `sparkscale simulate` in process; the usual arguments first, so a test adds only what it is about. */
final class Sim {

  /** A small, fast ScaledObject run: two hours of 10 objects/s, 2 objects/s per replica, on AWS nodes. */
  static final List<String> BASE = List.of("simulate", "--pattern", "steady:rate=10/s", "--duration", "2h",
      "--throughput", "2/s", "--cloud", "aws", "--target-object-count", "20");

  private Sim() {}

  static CliRunner.Result run(String... args) {
    return CliRunner.run(args);
  }

  static CliRunner.Result base(String... extra) {
    List<String> args = new ArrayList<>(BASE);
    args.addAll(List.of(extra));
    return CliRunner.run(args.toArray(String[]::new));
  }

  static JsonNode json(CliRunner.Result result) throws Exception {
    assertThat(result.exitCode()).as(result.err()).isZero();
    return new ObjectMapper().readTree(result.out());
  }

  /** Exit 2, nothing on stdout, one line on stderr naming the flag. */
  static String badInput(CliRunner.Result result) {
    assertThat(result.exitCode()).as("exit code; stderr: %s; stdout: %s", result.err(), result.out()).isEqualTo(2);
    assertThat(result.out()).isEmpty();
    String err = result.err().strip();
    assertThat(err).doesNotContain("\n").doesNotContain("Exception").startsWith("sparkscale simulate: ");
    return err;
  }
}
