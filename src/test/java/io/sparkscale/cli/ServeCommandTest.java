package io.sparkscale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkscale.grpc.TestPki;
import io.sparkscale.s3.S3ProxyServer;
import io.sparkscale.testkit.Await;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** `sparkscale serve`: flags checked before anything binds; then the whole server, in-process, against s3proxy. */
class ServeCommandTest {

  @TempDir static Path dir;
  static TestPki.Issued server;
  static Path ca;

  @BeforeAll
  static void certificates() throws Exception {
    TestPki pki = TestPki.create(dir, "keda");
    server = pki.issue("scaler", true, false);
    ca = pki.caFile("keda");
    Files.writeString(dir.resolve("garbage.pem"), "garbage\n");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "--tls-key KEY                          | --tls-key: needs --tls-cert",
    "--tls-cert CERT                        | --tls-cert: needs --tls-key",
    "--tls-client-ca CA                     | --tls-client-ca: requires TLS",
    "--tls-cert DIR/missing.crt --tls-key KEY | --tls-cert: 'DIR/missing.crt': cannot read it",
    "--tls-cert CERT --tls-key DIR/garbage.pem | --tls-key: 'DIR/garbage.pem': it holds no supported private key",
    "--cache-ttl 10x                        | --cache-ttl: '10x' is not valid; use a duration",
    "--cache-ttl 0s                         | --cache-ttl: '0s' is not valid",
    "--max-staleness 5s                     | --max-staleness: '5s' is not valid; use a duration at least --cache-ttl",
    "--port 70000                           | --port: '70000' is not valid; use a port from 1 to 65535",
    "--http-port 9090                       | --http-port: '9090' is the gRPC port too",
    "--port nine                            | Invalid value for option '--port'",
    "--s3-endpoint ftp://minio:9000         | --s3-endpoint: 'ftp://minio:9000' is not valid",
    "--allow-endpoint minio                 | --allow-endpoint: 'minio' is not valid",
    "--force-path-style maybe               | Invalid value for option '--force-path-style'",
    "--cache-tll 10s                        | Unknown options: '--cache-tll'",
    "--max-list-requests-per-second 0       | --max-list-requests-per-second: '0' is not valid; use a whole number from 1 to 100000",
    "--max-concurrent-listings 5000         | --max-concurrent-listings: '5000' is not valid; use a whole number from 1 to 1024",
    "--max-list-requests-per-second lots    | Invalid value for option '--max-list-requests-per-second'",
    "--max-notification-queues 0            | --max-notification-queues: '0' is not valid; use a whole number from 1 to 10000",
    "--grpc-max-connections 0               | --grpc-max-connections: '0' is not valid; use a whole number from 1 to 10000",
    "--grpc-handshake-timeout 0s            | --grpc-handshake-timeout: '0s' is not valid; use a duration such as 500ms, 30s, 5m, 1h or 1h30m (from 1s to 2m)",
    "--grpc-max-connection-idle 500ms       | --grpc-max-connection-idle: '500ms' is not valid; use a duration",
    "--grpc-permit-keepalive-time soon      | --grpc-permit-keepalive-time: 'soon' is not valid",
  })
  void badFlagsExit2WithOneLineBeforeBinding(String flags, String message) {
    List<String> args = new ArrayList<>(List.of("serve", "--bind-address", "127.0.0.1"));
    if (!flags.contains("port")) {
      args.addAll(List.of("--port", "0", "--http-port", "0")); // should a bad flag be missed, bind nothing fixed
    }
    for (String flag : flags.split(" ")) {
      args.add(flag.replace("CERT", server.cert().toString()).replace("KEY", server.key().toString())
          .replace("CA", ca.toString()).replace("DIR", dir.toString()));
    }
    ServeCommand serve = new ServeCommand();
    CliRunner.Result result = CliRunner.run(serve, args.toArray(String[]::new));

    assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
    assertThat(result.err().strip())
        .startsWith("sparkscale serve: ")
        .contains(message.replace("DIR", dir.toString()))
        .doesNotContain("\n");
    assertThat(serve.boundPorts()).as("nothing was bound").isNull();
  }

  @Test
  void aPortInUseIsAOneLineRuntimeError() throws Exception {
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      for (String flag : List.of("--port", "--http-port")) {
        List<String> args = new ArrayList<>(List.of("serve", "--bind-address", "127.0.0.1", "--region", "us-east-1"));
        args.addAll(flag.equals("--port")
            ? List.of("--port", Integer.toString(taken.getLocalPort()), "--http-port", "0")
            : List.of("--port", "0", "--http-port", Integer.toString(taken.getLocalPort())));
        CliRunner.Result result = CliRunner.run(args.toArray(String[]::new));
        assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
        assertThat(result.err().strip())
            .startsWith("sparkscale serve: error: cannot listen on")
            .contains(":" + taken.getLocalPort())
            .contains(flag.equals("--port") ? "(gRPC)" : "(HTTP)")
            .doesNotContain("\n");
      }
    }
  }

  @Test
  void servesKedaAndProbesUntilStopped() throws Exception {
    try (S3ProxyServer s3 = S3ProxyServer.start()) {
      s3.put("landing", "incoming/a.parquet", new byte[10], Instant.now().minusSeconds(60));
      s3.put("landing", "incoming/b.parquet", new byte[10], Instant.now().minusSeconds(60));
      // The default credential chain reads these first; the pod's identity plays this part in a cluster.
      System.setProperty("aws.accessKeyId", "test-access");
      System.setProperty("aws.secretAccessKey", "test-secret");
      ServeRunner serve = ServeRunner.start("--s3-endpoint", s3.endpoint(), "--cache-ttl", "5s");
      try {
        assertThat(serve.err()).contains("gRPC on 127.0.0.1:" + serve.grpcPort + " (plaintext)")
            .contains("counting at " + s3.endpoint());
        assertThat(serve.get("/readyz").statusCode()).isEqualTo(200);

        // The first listing may outlast one call's answer deadline; KEDA simply asks again.
        CliRunner.Result probe = Await.until("probe to succeed", () -> CliRunner.run("probe", "--address",
            "127.0.0.1:" + serve.grpcPort, "--metadata", "bucket=landing,prefix=incoming/"), r -> r.exitCode() == 0);
        assertThat(probe.out()).contains("metricValue=2 ").contains("result=true");

        String metrics = serve.get("/metrics").body();
        assertThat(metrics)
            .contains("sparkscale_grpc_requests_total{method=\"GetMetrics\",code=\"OK\"} 1")
            .contains("sparkscale_grpc_requests_total{method=\"IsActive\",code=\"OK\"} 1")
            .contains("sparkscale_s3_list_requests_total 1")
            .contains("sparkscale_cache_entries 1")
            .containsPattern("sparkscale_build_info\\{version=\"[^\"]+\"\\} 1");

        assertThat(serve.stop()).isZero();
        assertThat(listening(serve.grpcPort)).as("gRPC port closed").isFalse();
        assertThat(listening(serve.httpPort)).as("HTTP port closed").isFalse();
      } finally {
        serve.close();
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
      }
    }
  }

  @Test
  void servesWithTlsFromPemFiles() throws Exception {
    try (ServeRunner serve = ServeRunner.start("--tls-cert", server.cert().toString(),
        "--tls-key", server.key().toString(), "--tls-client-ca", ca.toString())) {
      assertThat(serve.err()).contains("(mTLS)");
      CliRunner.Result probe = CliRunner.run("probe", "--address", "localhost:" + serve.grpcPort,
          "--metadata", "bucket=landing", "--tls-ca", ca.toString());
      assertThat(probe.exitCode()).isEqualTo(1);
      assertThat(probe.err()).as("no client certificate").contains("UNAVAILABLE");
      assertThat(serve.stop()).isZero();
    }
  }

  private static boolean listening(int port) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      return true;
    } catch (java.io.IOException e) {
      return false;
    }
  }
}
