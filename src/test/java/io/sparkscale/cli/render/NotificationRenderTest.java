package io.sparkscale.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkscale.cli.CliRunner.Result;
import io.sparkscale.cli.CliRunner;
import io.sparkscale.render.Manifests;
import org.junit.jupiter.api.Test;

/** The notification-mode flags of the rendered trigger. */
class NotificationRenderTest {

  static final String QUEUE = "https://sqs.eu-west-1.amazonaws.com/123456789012/landing-events";

  static Result render(String... extra) {
    String[] base = {
      "render", "scaledobject", "--name", "connect", "--target-name", "spark-connect",
      "--scaler-address", "localhost:9090", "--bucket", "landing", "--prefix", "incoming/"
    };
    String[] args = new String[base.length + extra.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    return CliRunner.run(args);
  }

  @Test
  void writesTheQueueAndReconcileInterval() {
    Result r = render("--notification-queue-url", QUEUE, "--reconcile-interval", "30m");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode metadata = Manifests.assertValid(r.out()).get(0).at("/spec/triggers/0/metadata");
    assertThat(metadata.path("notificationQueueURL").asText()).isEqualTo(QUEUE);
    assertThat(metadata.path("reconcileInterval").asText()).isEqualTo("30m");

    Result silence = render("--notification-queue-url", QUEUE, "--max-queue-silence", "3m");
    assertThat(Manifests.assertValid(silence.out()).get(0).at("/spec/triggers/0/metadata/maxQueueSilence")
        .asText()).isEqualTo("3m");

    Result never = render("--notification-queue-url", QUEUE, "--reconcile-interval", "0");
    assertThat(Manifests.assertValid(never.out()).get(0).at("/spec/triggers/0/metadata/reconcileInterval")
        .asText()).isEqualTo("0");
  }

  @Test
  void leavesThemOutUnlessGiven() {
    Result r = render();
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).doesNotContain("notificationQueueURL", "reconcileInterval", "maxQueueSilence");
  }

  @Test
  void refusesBadValuesNamingTheFlag() {
    Result badUrl = render("--notification-queue-url", "https://sqs.eu-west-1.amazonaws.com/nope");
    assertThat(badUrl.exitCode()).isEqualTo(2);
    assertThat(badUrl.err()).contains("--notification-queue-url: ");
    Result alone = render("--reconcile-interval", "5m");
    assertThat(alone.exitCode()).isEqualTo(2);
    assertThat(alone.err()).contains("--reconcile-interval: only applies with --notification-queue-url");
    Result silenceAlone = render("--max-queue-silence", "5m");
    assertThat(silenceAlone.exitCode()).isEqualTo(2);
    assertThat(silenceAlone.err()).contains("--max-queue-silence: only applies with --notification-queue-url");
    Result zeroSilence = render("--notification-queue-url", QUEUE, "--max-queue-silence", "0s");
    assertThat(zeroSilence.exitCode()).isEqualTo(2);
    assertThat(zeroSilence.err()).contains("--max-queue-silence: ").doesNotContain("\n    at ");
    Result badInterval = render("--notification-queue-url", QUEUE, "--reconcile-interval", "often");
    assertThat(badInterval.exitCode()).isEqualTo(2);
    assertThat(badInterval.err()).contains("--reconcile-interval: ");
  }
}
