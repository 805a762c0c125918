package io.sparkscale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkscale.grpc.TestPki;
import io.sparkscale.s3.S3ProxyServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

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
    StringWriter err = new StringWriter();
    ServeCommand serve = new ServeCommand();
    int exit = command(serve, new StringWriter(), err).execute(args.toArray(String[]::new));

    assertThat(exit).as(err.toString()).isEqualTo(2);
    assertThat(err.toString().strip())
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
        StringWriter err = new StringWriter();
        int exit = command(new ServeCommand(), new StringWriter(), err).execute(args.toArray(String[]::new));
        assertThat(exit).as(err.toString()).isEqualTo(1);
        assertThat(err.toString().strip())
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
      ServeCommand serve = new ServeCommand();
      StringWriter err = new StringWriter();
      CompletableFuture<Integer> running = CompletableFuture.supplyAsync(() -> command(serve, new StringWriter(), err)
          .execute("serve", "--bind-address", "127.0.0.1", "--port", "0", "--http-port", "0",
              "--s3-endpoint", s3.endpoint(), "--region", "us-east-1", "--cache-ttl", "5s"));
      try {
        int[] ports = awaitPorts(serve, running);
        assertThat(err.toString()).contains("gRPC on 127.0.0.1:" + ports[0] + " (plaintext)")
            .contains("counting at " + s3.endpoint());
        HttpClient http = HttpClient.newHttpClient();
        assertThat(get(http, ports[1], "/readyz").statusCode()).isEqualTo(200);

        StringWriter out = new StringWriter();
        StringWriter probeErr = new StringWriter();
        // The first listing may outlast one call's answer deadline; KEDA simply asks again.
        int probe = 1;
        for (int attempt = 0; attempt < 20 && probe != 0; attempt++) {
          out.getBuffer().setLength(0);
          probe = command(new ServeCommand(), out, probeErr).execute("probe", "--address", "127.0.0.1:" + ports[0],
              "--metadata", "bucket=landing,prefix=incoming/");
        }
        assertThat(probe).as(probeErr.toString()).isZero();
        assertThat(out.toString()).contains("metricValue=2 ").contains("result=true");

        String metrics = get(http, ports[1], "/metrics").body();
        assertThat(metrics)
            .contains("sparkscale_grpc_requests_total{method=\"GetMetrics\",code=\"OK\"} 1")
            .contains("sparkscale_grpc_requests_total{method=\"IsActive\",code=\"OK\"} 1")
            .contains("sparkscale_s3_list_requests_total 1")
            .contains("sparkscale_cache_entries 1")
            .containsPattern("sparkscale_build_info\\{version=\"[^\"]+\"\\} 1");

        serve.stop();
        assertThat(running.get(20, TimeUnit.SECONDS)).isZero();
        assertThat(listening(ports[0])).as("gRPC port closed").isFalse();
        assertThat(listening(ports[1])).as("HTTP port closed").isFalse();
      } finally {
        serve.stop();
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
      }
    }
  }

  @Test
  void servesWithTlsFromPemFiles() throws Exception {
    ServeCommand serve = new ServeCommand();
    StringWriter err = new StringWriter();
    CompletableFuture<Integer> running = CompletableFuture.supplyAsync(() -> command(serve, new StringWriter(), err)
        .execute("serve", "--bind-address", "127.0.0.1", "--port", "0", "--http-port", "0",
            "--tls-cert", server.cert().toString(), "--tls-key", server.key().toString(),
            "--tls-client-ca", ca.toString(), "--region", "us-east-1"));
    try {
      int[] ports = awaitPorts(serve, running);
      assertThat(err.toString()).contains("(mTLS)");
      StringWriter probeErr = new StringWriter();
      int exit = command(new ServeCommand(), new StringWriter(), probeErr).execute("probe", "--address",
          "localhost:" + ports[0], "--metadata", "bucket=landing", "--tls-ca", ca.toString());
      assertThat(exit).isEqualTo(1);
      assertThat(probeErr.toString()).as("no client certificate").contains("UNAVAILABLE");
    } finally {
      serve.stop();
    }
    assertThat(running.get(20, TimeUnit.SECONDS)).isZero();
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

  private static boolean listening(int port) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      return true;
    } catch (java.io.IOException e) {
      return false;
    }
  }

  /** The real command tree, with this test's ServeCommand instance so the test can stop it. */
  private static CommandLine command(ServeCommand serve, StringWriter out, StringWriter err) {
    CommandLine.IFactory factory = new CommandLine.IFactory() {
      @Override
      public <K> K create(Class<K> type) throws Exception {
        return type == ServeCommand.class ? type.cast(serve) : CommandLine.defaultFactory().create(type);
      }
    };
    return CommandLineSetup.configure(new CommandLine(new SparkscaleCommand(), factory))
        .setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
  }
}
