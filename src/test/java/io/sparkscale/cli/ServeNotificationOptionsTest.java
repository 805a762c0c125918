package io.sparkscale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** `serve --sqs-endpoint` is checked before anything is bound. */
class ServeNotificationOptionsTest {

  @Test
  void aBadSqsEndpointIsRefusedNamingTheOption() {
    CliRunner.Result result = CliRunner.run("serve", "--port", "0", "--http-port", "0",
        "--sqs-endpoint", "elasticmq:9324/queue");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("--sqs-endpoint: ", "http://").doesNotContain("Exception");
  }

  @Test
  void helpListsTheOption() {
    CliRunner.Result result = CliRunner.run("serve", "--help");
    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).contains("--sqs-endpoint=URL");
  }
}
