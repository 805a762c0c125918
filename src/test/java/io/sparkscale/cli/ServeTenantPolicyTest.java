package io.sparkscale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkscale.testkit.Await;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
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
    CliRunner.Result result = CliRunner.run(serve, "serve", "--bind-address", "127.0.0.1", "--port", "0",
        "--http-port", "0", "--region", "us-east-1", "--tenant-policy", file.toString());

    assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
    assertThat(result.err().strip()).startsWith("sparkscale serve: --tenant-policy: " + file + ": ")
        .doesNotContain("\n");
    assertThat(serve.boundPorts()).isNull();
  }

  @Test
  void thePolicyDecidesAndABadReloadIsReportedNotApplied() throws Exception {
    Path file = dir.resolve("policy.yaml");
    Files.writeString(file, "namespaces:\n  team-a:\n    - s3://lake-a/\n");
    try (ServeRunner serve = ServeRunner.start("--s3-endpoint", "http://127.0.0.1:" + closedPort(),
        "--tenant-policy", file.toString())) {
      Await.untilTrue("the tenant policy banner, which follows the binding",
          () -> serve.err().contains("tenant policy: 1 namespace(s)"));
      assertThat(serve.get("/readyz").body()).startsWith("ok\ntenant policy: 1 namespace(s)");

      CliRunner.Result probe = CliRunner.run("probe", "--address", "127.0.0.1:" + serve.grpcPort,
          "--namespace", "team-b", "--metadata", "bucket=lake-a");
      assertThat(probe.exitCode()).isEqualTo(1);
      assertThat(probe.err()).contains("PERMISSION_DENIED").contains("namespace 'team-b'")
          .contains("bucket 'lake-a'");

      Files.writeString(file, "namespaces:\n  team-a: nonsense\n");
      String metrics = Await.until("the refused reload in /metrics", () -> serve.get("/metrics").body(),
          body -> body.contains("sparkscale_tenant_policy_reload_failures_total 1"));
      assertThat(metrics).contains("sparkscale_tenant_policy_namespaces 1");
      HttpResponse<String> ready = serve.get("/readyz");
      assertThat(ready.statusCode()).as("a refused reload keeps the pod serving").isEqualTo(200);
      assertThat(ready.body()).contains("last reload refused").contains("namespaces.team-a");
      assertThat(serve.stop()).isZero();
    }
  }

  private static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
