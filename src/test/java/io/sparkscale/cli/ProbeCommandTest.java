package io.sparkscale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.ssl.SslContext;
import io.sparkscale.backlog.CacheSettings;
import io.sparkscale.grpc.FakeBacklog;
import io.sparkscale.grpc.ScalerHarness;
import io.sparkscale.grpc.TestPki;
import io.sparkscale.grpc.TlsContexts;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `sparkscale probe` in-process against a real scaler on a loopback port. */
class ProbeCommandTest {

  final FakeBacklog store = new FakeBacklog().set("incoming", 12);
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();
  ScalerHarness scaler;

  @AfterEach
  void stop() throws InterruptedException {
    if (scaler != null) {
      scaler.close();
    }
  }

  @Test
  void callsSpecThenMetricsThenActiveAndPrintsLatencies() throws Exception {
    scaler = ScalerHarness.start(store, CacheSettings.defaults());
    int exit = run("probe", "--address", address(), "--metadata", "bucket=incoming,prefix=batch/",
        "--metadata", "activationTargetObjectCount=3");

    assertThat(exit).as(err.toString()).isZero();
    String printed = out.toString();
    assertThat(printed)
        .containsPattern("GetMetricSpec +\\d+ ms  1 metric spec")
        .contains("metricName=s3-objects-incoming-batch-")
        .contains("targetSize=5 targetSizeFloat=5.0")
        .containsPattern("GetMetrics +\\d+ ms")
        .contains("metricValue=12 metricValueFloat=12.0")
        .containsPattern("IsActive +\\d+ ms  result=true");
    assertThat(printed.indexOf("GetMetricSpec")).isLessThan(printed.indexOf("GetMetrics "));
    assertThat(printed.indexOf("GetMetrics ")).isLessThan(printed.indexOf("IsActive"));
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void aRefusedTriggerPrintsTheStatusAndExits1() throws Exception {
    scaler = ScalerHarness.start(store, CacheSettings.defaults());
    int exit = run("probe", "--address", address(), "--metadata", "bucket=incoming,metric=files");
    assertThat(exit).isEqualTo(1);
    assertThat(err.toString().strip())
        .startsWith("probe: GetMetricSpec failed after")
        .contains("INVALID_ARGUMENT: metric: 'files' is not valid")
        .doesNotContain("\n");
  }

  @Test
  void anOversizedValueIsInvalidArgumentQuotedShortNotAProtocolError() throws Exception {
    scaler = ScalerHarness.start(store, CacheSettings.defaults());
    for (String metadata : new String[] {
        "bucket=" + "b".repeat(8_000),
        "bucket=incoming,minObjectAge=" + "1m".repeat(3_000),
        "bucket=incoming,metric=bytes,targetBytes=" + "9".repeat(100_000),
        "bucket=incoming,endpoint=http://AKIAIOSFODNN7EXAMPLE:wJalrSECRET@evil:9000"}) {
      err.getBuffer().setLength(0);
      int exit = run("probe", "--address", address(), "--metadata", metadata);
      String printed = err.toString().strip();
      assertThat(exit).as(printed).isEqualTo(1);
      assertThat(printed).contains("INVALID_ARGUMENT").doesNotContain("PROTOCOL_ERROR")
          .doesNotContain("SECRET").doesNotContain("\n").hasSizeLessThan(1_000);
    }
  }

  @Test
  void aStoreThatIsDownIsUnavailableNotZero() throws Exception {
    scaler = ScalerHarness.start(store.down("Connection refused"), CacheSettings.defaults());
    int exit = run("probe", "--address", address(), "--metadata", "bucket=incoming");
    assertThat(exit).isEqualTo(1);
    assertThat(out.toString()).contains("GetMetricSpec").doesNotContain("metricValue=");
    assertThat(err.toString()).contains("GetMetrics failed").contains("UNAVAILABLE").contains("Connection refused");
  }

  @Test
  void streamPrintsTheStateAndClosesAfterTheGivenTime() throws Exception {
    scaler = ScalerHarness.start(store, CacheSettings.defaults());
    int exit = run("probe", "--address", address(), "--metadata", "bucket=incoming", "--stream", "1");
    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("StreamIsActive opened for 1 s")
        .containsPattern("\\+\\d+\\.\\d s  result=true")
        .contains("StreamIsActive closed by the probe");
  }

  @Test
  void nobodyListeningIsUnavailable() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    int exit = run("probe", "--address", "127.0.0.1:" + port, "--metadata", "bucket=incoming", "--timeout", "2s");
    assertThat(exit).isEqualTo(1);
    assertThat(err.toString()).contains("GetMetricSpec failed").contains("UNAVAILABLE");
  }

  @Test
  void probesAnMtlsScalerWithKedasCertificateFiles(@TempDir Path dir) throws Exception {
    TestPki pki = TestPki.create(dir, "keda");
    TestPki.Issued server = pki.issue("scaler", true, false);
    TestPki.Issued client = pki.issue("keda-operator", false, false);
    SslContext tls = TlsContexts.server(new TlsContexts.ServerFiles(server.cert(), server.key(), pki.caFile("keda")));
    scaler = ScalerHarness.startTls(store, tls);
    String address = "localhost:" + scaler.server.port();

    int exit = run("probe", "--address", address, "--metadata", "bucket=incoming",
        "--tls-ca", pki.caFile("keda").toString(), "--tls-cert", client.cert().toString(),
        "--tls-key", client.key().toString());
    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.toString()).contains("(TLS)").contains("result=true");

    CliRunner.Result refused = CliRunner.run("probe", "--address", address, "--metadata", "bucket=incoming",
        "--tls-ca", pki.caFile("keda").toString());
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.err()).contains("UNAVAILABLE");
  }

  @Test
  void badOptionsExit2WithOneLine() throws Exception {
    for (String[] args : new String[][] {
        {"probe", "--address", "localhost", "--metadata", "bucket=b"},
        {"probe", "--address", "localhost:99999", "--metadata", "bucket=b"},
        {"probe", "--address", "localhost:9090", "--metadata", "bucket=b", "--timeout", "3 seconds"},
        {"probe", "--address", "localhost:9090", "--metadata", "bucket"},
        {"probe", "--address", "localhost:9090", "--stream", "0"},
        {"probe", "--address", "localhost:9090", "--tls-key", "client.key"},
    }) {
      CliRunner.Result result = CliRunner.run(args);
      assertThat(result.exitCode()).as(String.join(" ", args) + ": " + result.err()).isEqualTo(2);
      assertThat(result.err().strip()).doesNotContain("\n").startsWith("sparkscale probe: ");
    }
  }

  private String address() {
    return "127.0.0.1:" + scaler.server.port();
  }

  private int run(String... args) {
    return CliRunner.commandLine(null, out, err).execute(args);
  }
}
