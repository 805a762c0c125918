package io.sparkscale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkscale.s3.S3ProxyServer;
import io.sparkscale.testkit.Await;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built application (target/quarkus-app) as a child process, as it runs in a pod: serves KEDA's calls
 * against s3proxy and shuts down gracefully on SIGTERM. Catches what in-process tests cannot, such as a
 * class the packaged app lacks.
 */
class ServePackagedIT {

  private static final Pattern BOUND = Pattern.compile("gRPC on 127\\.0\\.0\\.1:(\\d+) .*HTTP on 127\\.0\\.0\\.1:(\\d+)");

  @Test
  void servesFromThePackagedJarAndStopsOnSigterm(@TempDir Path dir) throws Exception {
    Path jar = Paths.get(System.getProperty("project.basedir", "."), "target", "quarkus-app", "quarkus-run.jar");
    assertThat(jar).as("run after package").exists();
    try (S3ProxyServer s3 = S3ProxyServer.start()) {
      for (int i = 0; i < 3; i++) {
        s3.put("landing", "incoming/part-" + i + ".parquet", new byte[100], Instant.now().minusSeconds(60));
      }
      Path err = dir.resolve("serve.err");
      ProcessBuilder builder = new ProcessBuilder(List.of(
          Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString(), "serve",
          "--bind-address", "127.0.0.1", "--port", "0", "--http-port", "0",
          "--s3-endpoint", s3.endpoint(), "--region", "us-east-1"))
          .redirectError(err.toFile()).redirectOutput(dir.resolve("serve.out").toFile());
      // The pod's identity in a cluster; static keys here (s3proxy does not check them).
      builder.environment().put("AWS_ACCESS_KEY_ID", "test-access");
      builder.environment().put("AWS_SECRET_ACCESS_KEY", "test-secret");
      builder.environment().put("AWS_EC2_METADATA_DISABLED", "true");
      Process serve = builder.start();
      try {
        Matcher bound = awaitBound(serve, err);
        int grpcPort = Integer.parseInt(bound.group(1));
        int httpPort = Integer.parseInt(bound.group(2));

        // The first listing may be in progress; KEDA asks again, and so does this.
        CliRunner.Result probe = Await.until("probe to succeed", Duration.ofSeconds(60), () -> CliRunner.run("probe",
            "--address", "127.0.0.1:" + grpcPort, "--metadata", "bucket=landing,prefix=incoming/"),
            result -> result.exitCode() == 0);
        assertThat(probe.out()).contains("metricValue=3 ").contains("result=true");

        HttpResponse<String> metrics = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/metrics")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.body()).contains("sparkscale_s3_list_requests_total 1")
            .contains("sparkscale_build_info{version=\"");
        assertThat(Files.readString(err)).contains("counted s3://landing/incoming/");

        serve.destroy(); // SIGTERM, as the kubelet sends
        assertThat(serve.waitFor(30, TimeUnit.SECONDS)).as("exits after draining").isTrue();
        assertThat(Files.readString(err)).contains("shutting down");
      } finally {
        serve.destroyForcibly();
      }
    }
  }

  private static Matcher awaitBound(Process serve, Path err) throws Exception {
    String text = Await.until("serve to print the ports it bound (or exit)", Duration.ofSeconds(60),
        () -> Files.exists(err) ? Files.readString(err) : "",
        printed -> BOUND.matcher(printed).find() || !serve.isAlive());
    Matcher bound = BOUND.matcher(text);
    if (!bound.find()) {
      throw new AssertionError("serve exited with " + serve.exitValue() + ": " + text);
    }
    return bound;
  }
}
