package io.sparkscale.grpc;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates made for a test, as cert-manager would make them for KEDA and the scaler: a CA, a server
 * certificate for localhost/127.0.0.1 and a client certificate, written as PEM files.
 */
public final class TestPki {

  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

  final Path dir;
  final KeyPair caKeys;
  final X509Certificate ca;

  private TestPki(Path dir, KeyPair caKeys, X509Certificate ca) {
    this.dir = dir;
    this.caKeys = caKeys;
    this.ca = ca;
  }

  public static TestPki create(Path dir, String caName) throws Exception {
    KeyPair keys = rsa();
    X500Name name = new X500Name("CN=" + caName);
    JcaX509v3CertificateBuilder builder = builder(name, name, keys);
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    X509Certificate ca = sign(builder, keys);
    TestPki pki = new TestPki(dir, keys, ca);
    pki.writeCertificate(caName + "-ca.crt", ca);
    return pki;
  }

  public Path caFile(String caName) {
    return dir.resolve(caName + "-ca.crt");
  }

  /** Writes NAME.crt and NAME.key (PKCS#8, or PKCS#1 "RSA PRIVATE KEY" when asked). */
  public Issued issue(String name, boolean server, boolean pkcs1Key) throws Exception {
    KeyPair keys = rsa();
    JcaX509v3CertificateBuilder builder =
        builder(new X500Name(ca.getSubjectX500Principal().getName()), new X500Name("CN=" + name), keys);
    if (server) {
      builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
          new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
      builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
    } else {
      builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
    }
    X509Certificate certificate = sign(builder, caKeys);
    Path cert = writeCertificate(name + ".crt", certificate);
    Path key = dir.resolve(name + ".key");
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      if (pkcs1Key) {
        writer.writeObject(keys.getPrivate()); // BouncyCastle writes RSA keys as PKCS#1
      } else {
        writer.writeObject(new JcaPKCS8Generator(keys.getPrivate(), null));
      }
    }
    Files.writeString(key, text.toString());
    return new Issued(cert, key);
  }

  public record Issued(Path cert, Path key) {}

  private Path writeCertificate(String file, X509Certificate certificate) throws IOException {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      writer.writeObject(certificate);
    }
    return Files.writeString(dir.resolve(file), text.toString());
  }

  private static JcaX509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
    Instant now = Instant.now();
    return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()),
        Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), subject,
        keys.getPublic());
  }

  private static X509Certificate sign(JcaX509v3CertificateBuilder builder, KeyPair signer) throws Exception {
    return new JcaX509CertificateConverter()
        .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(signer.getPrivate())));
  }

  private static KeyPair rsa() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    return generator.generateKeyPair();
  }
}
