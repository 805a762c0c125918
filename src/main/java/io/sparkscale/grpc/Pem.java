package io.sparkscale.grpc;

import io.sparkscale.units.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the PEM files Kubernetes secrets hold (cert-manager's tls.crt, tls.key, ca.crt). Errors name the
 * flag and say what is accepted, so a bad secret fails `serve` at start with one line.
 */
public final class Pem {

  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");
  private static final String KEY_HELP =
      "use an unencrypted PEM private key (PKCS#8 'PRIVATE KEY', or PKCS#1 'RSA PRIVATE KEY'); convert others"
          + " with: openssl pkcs8 -topk8 -nocrypt -in KEY";
  /** DER of AlgorithmIdentifier{rsaEncryption, NULL}: wraps a PKCS#1 RSA key into PKCS#8. */
  private static final byte[] RSA_ALGORITHM = {
    0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00
  };

  private Pem() {}

  /** One or more X.509 certificates (a chain, or a CA bundle). */
  public static X509Certificate[] certificates(String option, Path file) {
    String text = read(option, file);
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      List<X509Certificate> certificates =
          factory.generateCertificates(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)))
              .stream().map(X509Certificate.class::cast).toList();
      if (certificates.isEmpty()) {
        throw bad(option, file, "it holds no certificate; use a PEM file with '-----BEGIN CERTIFICATE-----'");
      }
      return certificates.toArray(X509Certificate[]::new);
    } catch (GeneralSecurityException e) {
      throw bad(option, file, "it is not a PEM X.509 certificate (" + e.getMessage() + ")");
    }
  }

  /** An unencrypted RSA or EC key in PKCS#8, or an RSA key in PKCS#1. */
  public static PrivateKey privateKey(String option, Path file) {
    Matcher block = BLOCK.matcher(read(option, file));
    while (block.find()) {
      String type = block.group(1);
      if (!type.equals("PRIVATE KEY") && !type.equals("RSA PRIVATE KEY")) {
        continue;
      }
      byte[] der;
      try {
        der = Base64.getMimeDecoder().decode(block.group(2));
      } catch (IllegalArgumentException e) {
        throw bad(option, file, "its base64 is damaged; " + KEY_HELP);
      }
      byte[] pkcs8 = type.equals("RSA PRIVATE KEY") ? wrapPkcs1(der) : der;
      for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
        try {
          return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
          // try the next algorithm
        }
      }
      throw bad(option, file, "the key is not an RSA, EC or Ed25519 key; " + KEY_HELP);
    }
    throw bad(option, file, "it holds no supported private key; " + KEY_HELP);
  }

  private static String read(String option, Path file) {
    try {
      return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException | SecurityException e) {
      throw bad(option, file, "cannot read it (" + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "); use a readable PEM file");
    } catch (RuntimeException e) {
      throw bad(option, file, "it is not a text PEM file");
    }
  }

  private static byte[] wrapPkcs1(byte[] pkcs1) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(new byte[] {0x02, 0x01, 0x00}); // version 0
    body.writeBytes(RSA_ALGORITHM);
    body.writeBytes(tagged(0x04, pkcs1)); // OCTET STRING
    return tagged(0x30, body.toByteArray()); // SEQUENCE
  }

  private static byte[] tagged(int tag, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    int length = content.length;
    if (length < 0x80) {
      out.write(length);
    } else {
      int bytes = (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
      out.write(0x80 | bytes);
      for (int i = bytes - 1; i >= 0; i--) {
        out.write(length >>> (8 * i));
      }
    }
    out.writeBytes(content);
    return out.toByteArray();
  }

  private static InvalidInputException bad(String option, Path file, String why) {
    return new InvalidInputException(option + ": '" + file + "': " + why);
  }
}
