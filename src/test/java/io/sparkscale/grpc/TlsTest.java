package io.sparkscale.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.handler.ssl.SslContext;
import io.sparkscale.grpc.externalscaler.ExternalScalerGrpc;
import io.sparkscale.units.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS and client-certificate auth with PEM files, as KEDA's TriggerAuthentication (caCert, tlsClientCert, tlsClientKey) uses them. */
class TlsTest {

  @TempDir static Path dir;
  static TestPki pki;
  static TestPki otherPki;
  static TestPki.Issued server;
  static TestPki.Issued client;
  static TestPki.Issued stranger;

  @BeforeAll
  static void certificates() throws Exception {
    pki = TestPki.create(dir, "keda");
    otherPki = TestPki.create(dir, "other");
    server = pki.issue("scaler", true, false);
    client = pki.issue("keda-operator", false, true); // PKCS#1 key, as cert-manager writes RSA by default
    stranger = otherPki.issue("stranger", false, false);
  }

  @Test
  void tlsServerAnswersAClientThatTrustsItsCa() throws Exception {
    SslContext tls = TlsContexts.server(new TlsContexts.ServerFiles(server.cert(), server.key(), null));
    try (ScalerHarness scaler = ScalerHarness.startTls(new FakeBacklog(), tls)) {
      assertThat(call(scaler, TlsContexts.client(pki.caFile("keda"), null, null))).isEqualTo(Status.Code.OK);
      assertThat(call(scaler, TlsContexts.client(otherPki.caFile("other"), null, null)))
          .as("a server certificate from a CA the client does not trust").isEqualTo(Status.Code.UNAVAILABLE);
    }
  }

  @Test
  void mtlsRequiresAClientCertificateFromTheClientCa() throws Exception {
    SslContext tls = TlsContexts.server(
        new TlsContexts.ServerFiles(server.cert(), server.key(), pki.caFile("keda")));
    try (ScalerHarness scaler = ScalerHarness.startTls(new FakeBacklog(), tls)) {
      assertThat(call(scaler, TlsContexts.client(pki.caFile("keda"), client.cert(), client.key())))
          .isEqualTo(Status.Code.OK);
      assertThat(call(scaler, TlsContexts.client(pki.caFile("keda"), null, null)))
          .as("no client certificate").isEqualTo(Status.Code.UNAVAILABLE);
      assertThat(call(scaler, TlsContexts.client(pki.caFile("keda"), stranger.cert(), stranger.key())))
          .as("a client certificate from another CA").isEqualTo(Status.Code.UNAVAILABLE);
    }
  }

  @Test
  void badFilesAreOneLineErrorsNamingTheFlag() throws Exception {
    Path garbage = Files.writeString(dir.resolve("garbage.pem"), "not a pem\n");
    assertThatThrownBy(() -> TlsContexts.server(new TlsContexts.ServerFiles(null, server.key(), null)))
        .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("--tls-key: needs --tls-cert");
    assertThatThrownBy(() -> TlsContexts.server(new TlsContexts.ServerFiles(null, null, pki.caFile("keda"))))
        .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("--tls-client-ca: requires TLS");
    assertThatThrownBy(() -> TlsContexts.server(
        new TlsContexts.ServerFiles(dir.resolve("missing.crt"), server.key(), null)))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("--tls-cert").hasMessageContaining("cannot read");
    assertThatThrownBy(() -> TlsContexts.server(new TlsContexts.ServerFiles(server.cert(), garbage, null)))
        .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("--tls-key:").hasMessageContaining("PKCS#8");
    assertThatThrownBy(() -> TlsContexts.server(new TlsContexts.ServerFiles(garbage, server.key(), null)))
        .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("--tls-cert:");
    assertThatThrownBy(() -> TlsContexts.server(new TlsContexts.ServerFiles(server.cert(), client.key(), null)))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("does not belong");
    assertThatThrownBy(() -> TlsContexts.server(new TlsContexts.ServerFiles(server.cert(), server.key(), garbage)))
        .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("--tls-client-ca:");
  }

  /** GetMetricSpec over a fresh TLS channel to localhost (the name in the server certificate). */
  private static Status.Code call(ScalerHarness scaler, SslContext clientTls) throws InterruptedException {
    ManagedChannel channel = NettyChannelBuilder.forAddress("localhost", scaler.server.port())
        .sslContext(clientTls).build();
    try {
      ExternalScalerGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
          .getMetricSpec(ScalerHarness.ref(Map.of("bucket", "incoming")));
      return Status.Code.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode();
    } finally {
      channel.shutdownNow();
      channel.awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
