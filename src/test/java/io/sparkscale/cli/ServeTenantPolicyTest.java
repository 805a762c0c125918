package io.sparkscale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** `serve --tenant-policy`: a bad file stops the start; a good one decides, and a bad reload is only reported. */
class ServeTenantPolicyTest {

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"namespaces: [", "namespaces:\n  team-a: [https://lake-a/]\n", "other: 1\n", "MISSING",
      "namespaces:\n  team-b: [s3://lake-b/../]\n",
      "namespaces:\n  team-b: [s3://lake-b/in/, 'https://sqs.eu-west-1.amazonaws.com/123456789012/%71']\n"})
  void aBadPolicyFileExits2WithOneLineBeforeBinding(String content) throws Exception {
    Path file = dir.resolve("policy.yaml");
    if (!content.equals("MISSING")) {
      Files.writeString(file, content);
    }
    ServeCommand serve = new ServeCommand();
    StringWriter err = new StringWriter();
    int exit = InProcessServe.command(serve, err).execute("serve", "--bind-address", "127.0.0.1", "--port", "0",
        "--http-port", "0", "--region", "us-east-1", "--tenant-policy", file.toString());

    assertThat(exit).as(err.toString()).isEqualTo(2);
    assertThat(err.toString().strip()).startsWith("sparkscale serve: --tenant-policy: " + file + ": ")
        .doesNotContain("\n");
    assertThat(serve.boundPorts()).isNull();
  }

  @Test
  void thePolicyDecidesAndABadReloadIsReportedNotApplied() throws Exception {
    Path file = dir.resolve("policy.yaml");
    Files.writeString(file, "namespaces:\n  team-a:\n    - s3://lake-a/\n");
    ServeCommand serve = new ServeCommand();
    StringWriter err = new StringWriter();
    CompletableFuture<Integer> running = CompletableFuture.supplyAsync(() -> InProcessServe.command(serve, err)
        .execute("serve", "--bind-address", "127.0.0.1", "--port", "0", "--http-port", "0",
            "--s3-endpoint", "http://127.0.0.1:" + closedPort(), "--region", "us-east-1",
            "--tenant-policy", file.toString()));
    try {
      int[] ports = awaitPorts(serve, running);
      for (int i = 0; i < 100 && !err.toString().contains("tenant policy"); i++) {
        Thread.sleep(50); // the banner follows the binding
      }
      assertThat(err.toString()).contains("tenant policy: 1 namespace(s)");
      HttpClient http = HttpClient.newHttpClient();
      assertThat(get(http, ports[1], "/readyz").body()).startsWith("ok\ntenant policy: 1 namespace(s)");

      StringWriter probeErr = new StringWriter();
      int probe = InProcessServe.command(new ServeCommand(), probeErr).execute("probe", "--address", "127.0.0.1:" + ports[0],
          "--namespace", "team-b", "--metadata", "bucket=lake-a");
      assertThat(probe).isEqualTo(1);
      assertThat(probeErr.toString()).contains("PERMISSION_DENIED").contains("namespace 'team-b'")
          .contains("bucket 'lake-a'");

      Files.writeString(file, "namespaces:\n  team-a: nonsense\n");
      String metrics = "";
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (!metrics.contains("sparkscale_tenant_policy_reload_failures_total 1") && System.nanoTime() < deadline) {
        Thread.sleep(200);
        metrics = get(http, ports[1], "/metrics").body();
      }
      assertThat(metrics).contains("sparkscale_tenant_policy_reload_failures_total 1")
          .contains("sparkscale_tenant_policy_namespaces 1");
      HttpResponse<String> ready = get(http, ports[1], "/readyz");
      assertThat(ready.statusCode()).as("a refused reload keeps the pod serving").isEqualTo(200);
      assertThat(ready.body()).contains("last reload refused").contains("namespaces.team-a");
    } finally {
      serve.stop();
    }
    assertThat(running.get(20, TimeUnit.SECONDS)).isZero();
  }

  private static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int[] awaitPorts(ServeCommand serve, CompletableFuture<Integer> running) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (serve.boundPorts() == null) {
      if (running.isDone()) {
        throw new AssertionError("serve ended with " + running.get());
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("serve did not bind within 30 s");
      }
      Thread.sleep(20);
    }
    return serve.boundPorts();
  }

  private static HttpResponse<String> get(HttpClient http, int port, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
