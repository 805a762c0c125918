package io.sparkscale.claim;

import io.sparkscale.units.InvalidInputException;
import io.sparkscale.units.SafeText;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Where claims live. Under the claims prefix R:
 *
 * <pre>
 *   R markers/&lt;key without the data prefix&gt;   one per claimed data key: JSON naming the claim and its lease
 *   R batches/&lt;claim id&gt;.txt                   the batch's s3a:// URIs, one a line, for spark.read.text
 *   R fences/&lt;sha-256&gt;                          short-lived: who may replace one version of a marker
 *   R probe/&lt;id&gt;                                 the conditional-write check each claim starts with
 * </pre>
 *
 * A marker's key is the data key with the data prefix swapped for {@code R markers/}, so the scaler maps a
 * listed marker back to its data key without reading it. The default R lies outside the data prefix
 * ({@link #defaultClaimsPrefix}): an application that reads the whole prefix never sees markers. Where R does
 * lie inside it (a prefix of "" counts the bucket), keys under R are never counted or claimed.
 */
public record ClaimLayout(String dataPrefix, String claimsPrefix) {

  /** S3 keys are at most 1,024 bytes of UTF-8. */
  static final int MAX_KEY_BYTES = 1024;
  static final String DEFAULT_ROOT = "sparkscale-claims/";
  public static final String HELP = "use a key prefix ending in '/', outside the data, e.g. sparkscale-claims/incoming/";

  public ClaimLayout {
    dataPrefix = Objects.requireNonNullElse(dataPrefix, "");
    claimsPrefix = check("claimsPrefix", dataPrefix, claimsPrefix);
  }

  /**
   * Checks a claims prefix against the data prefix it serves; {@code name} is the flag or metadata key the
   * error names.
   */
  public static String check(String name, String dataPrefix, String claimsPrefix) {
    if (claimsPrefix == null || claimsPrefix.isEmpty() || !claimsPrefix.endsWith("/")) {
      throw InvalidInputException.badValue(name, String.valueOf(claimsPrefix), HELP);
    }
    if (claimsPrefix.startsWith("/") || claimsPrefix.regionMatches(true, 0, "s3://", 0, 5)) {
      throw InvalidInputException.badValue(name, claimsPrefix, "give a key prefix inside the bucket; " + HELP);
    }
    if (!dataPrefix.isEmpty() && dataPrefix.startsWith(claimsPrefix)) {
      throw new InvalidInputException(name + ": '" + SafeText.quote(claimsPrefix) + "' contains the data prefix '"
          + SafeText.quote(dataPrefix) + "'; claims must not sit above the data they claim; " + HELP);
    }
    for (int i = 0; i < claimsPrefix.length(); i++) {
      if (Character.isISOControl(claimsPrefix.charAt(i))) {
        throw InvalidInputException.badValue(name, claimsPrefix, "control characters are not accepted; " + HELP);
      }
    }
    if (claimsPrefix.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES / 2) {
      throw InvalidInputException.tooLong(name, claimsPrefix, MAX_KEY_BYTES / 2, "bytes");
    }
    return claimsPrefix;
  }

  /** "sparkscale-claims/" followed by the data prefix: beside the data, never inside it. */
  public static String defaultClaimsPrefix(String dataPrefix) {
    String prefix = DEFAULT_ROOT + Objects.requireNonNullElse(dataPrefix, "");
    return prefix.endsWith("/") ? prefix : prefix + "/";
  }

  public String markersPrefix() {
    return claimsPrefix + "markers/";
  }

  /** The marker of a data key under the data prefix. */
  public String markerKey(String dataKey) {
    if (!dataKey.startsWith(dataPrefix)) {
      throw new IllegalArgumentException(dataKey + " is not under " + dataPrefix);
    }
    return markersPrefix() + dataKey.substring(dataPrefix.length());
  }

  /** Whether the data key's marker key is a valid S3 key (a data key near 1,024 bytes cannot have one). */
  public boolean canClaim(String dataKey) {
    return markerKey(dataKey).getBytes(StandardCharsets.UTF_8).length <= MAX_KEY_BYTES;
  }

  /** The data key a marker stands for; null for a key that is not a marker. */
  public String dataKeyOf(String markerKey) {
    return markerKey.startsWith(markersPrefix())
        ? dataPrefix + markerKey.substring(markersPrefix().length())
        : null;
  }

  /** Keys under the claims prefix are claim bookkeeping, never data. */
  public boolean isClaimsKey(String key) {
    return key.startsWith(claimsPrefix);
  }

  public String batchListKey(String claimId) {
    return claimsPrefix + "batches/" + claimId + ".txt";
  }

  /** The fence of one version of a marker; a hash keeps it short whatever the data key's length. */
  public String fenceKey(String markerKey, String etag) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest((markerKey + "\n" + etag).getBytes(StandardCharsets.UTF_8));
      return claimsPrefix + "fences/" + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  public String probeKey(String id) {
    return claimsPrefix + "probe/" + id;
  }
}
