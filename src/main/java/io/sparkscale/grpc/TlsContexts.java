package io.sparkscale.grpc;

import io.grpc.netty.GrpcSslContexts;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.sparkscale.units.InvalidInputException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLException;

/**
 * TLS for the scaler and the probe, from PEM files as KEDA's TriggerAuthentication uses them: the server
 * presents tls.crt/tls.key and, for mTLS, requires a client certificate signed by the given CA.
 */
public final class TlsContexts {

  private TlsContexts() {}

  /** The files `serve` was given, checked together: a key without a certificate is an error. */
  public record ServerFiles(Path cert, Path key, Path clientCa) {
    public ServerFiles {
      if ((cert == null) != (key == null)) {
        throw new InvalidInputException(cert == null
            ? "--tls-key: needs --tls-cert as well; give both PEM files or neither"
            : "--tls-cert: needs --tls-key as well; give both PEM files or neither");
      }
      if (clientCa != null && cert == null) {
        throw new InvalidInputException(
            "--tls-client-ca: requires TLS; give --tls-cert and --tls-key as well");
      }
    }

    public boolean enabled() {
      return cert != null;
    }

    public boolean mutual() {
      return clientCa != null;
    }
  }

  /** null when TLS is off (plaintext, e.g. as a sidecar in the keda-operator pod). */
  public static SslContext server(ServerFiles files) {
    if (!files.enabled()) {
      return null;
    }
    X509Certificate[] chain = Pem.certificates("--tls-cert", files.cert());
    PrivateKey key = Pem.privateKey("--tls-key", files.key());
    requirePair(chain[0], key);
    SslContextBuilder builder = SslContextBuilder.forServer(key, chain);
    if (files.mutual()) {
      builder.trustManager(Pem.certificates("--tls-client-ca", files.clientCa())).clientAuth(ClientAuth.REQUIRE);
    }
    return build(builder, "--tls-cert/--tls-key");
  }

  /**
   * A client context: trust {@code ca} (null: the JDK's trust store) and present cert/key when both given.
   */
  public static SslContext client(Path ca, Path cert, Path key) {
    if ((cert == null) != (key == null)) {
      throw new InvalidInputException(cert == null
          ? "--tls-key: needs --tls-cert as well" : "--tls-cert: needs --tls-key as well");
    }
    SslContextBuilder builder = SslContextBuilder.forClient();
    if (ca != null) {
      builder.trustManager(Pem.certificates("--tls-ca", ca));
    }
    if (cert != null) {
      builder.keyManager(Pem.privateKey("--tls-key", key), Pem.certificates("--tls-cert", cert));
    }
    return build(builder, "--tls-cert/--tls-key");
  }

  /** Catches a key from another secret at start rather than at every handshake. */
  private static void requirePair(X509Certificate certificate, PrivateKey key) {
    String algorithm = switch (key.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      default -> key.getAlgorithm();
    };
    try {
      byte[] probe = "sparkscale".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(probe);
      if (verifier.verify(signature)) {
        return;
      }
    } catch (GeneralSecurityException e) {
      // a key of another algorithm than the certificate's: not a pair
    }
    throw new InvalidInputException(
        "--tls-key: the key does not belong to the first certificate in --tls-cert; use the matching pair");
  }

  private static SslContext build(SslContextBuilder builder, String options) {
    try {
      // Sets the HTTP/2 ALPN and ciphers gRPC needs.
      return GrpcSslContexts.configure(builder).build();
    } catch (SSLException | IllegalArgumentException e) {
      // Typically a key that does not belong to the certificate.
      throw new InvalidInputException(options + ": cannot set up TLS (" + e.getMessage()
          + "); use a certificate and the private key that belongs to it");
    }
  }
}
