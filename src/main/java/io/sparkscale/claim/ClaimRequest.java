package io.sparkscale.claim;

import io.sparkscale.units.Durations;
import io.sparkscale.units.InvalidInputException;
import java.time.Duration;
import java.util.Objects;

/**
 * What one `sparkscale claim` takes: the same filters as the trigger that counts the prefix (suffix,
 * minObjectAge, folder markers never), the batch limits, and the lease.
 *
 * @param scanLimit at most this many matching keys are considered; beyond it the batch is the oldest of the
 *     first scanLimit in key order (said in the result)
 * @param uriScheme the scheme of the URIs handed to Spark: s3a (Hadoop's S3A) or s3 (EMRFS)
 */
public record ClaimRequest(
    StoreAddress store,
    String prefix,
    String suffix,
    Duration minObjectAge,
    String claimsPrefix,
    Duration lease,
    BatchLimits limits,
    long scanLimit,
    String uriScheme) {

  public static final Duration MIN_LEASE = Duration.ofMinutes(1);
  public static final Duration MAX_LEASE = Duration.ofDays(7);
  public static final Duration DEFAULT_LEASE = Duration.ofHours(2);
  public static final long DEFAULT_SCAN_LIMIT = 100_000;

  public ClaimRequest {
    Objects.requireNonNull(store, "store");
    prefix = Objects.requireNonNullElse(prefix, "");
    suffix = Objects.requireNonNullElse(suffix, "");
    minObjectAge = Objects.requireNonNullElse(minObjectAge, Duration.ZERO);
    claimsPrefix = ClaimLayout.check("--claims-prefix", prefix,
        claimsPrefix == null ? ClaimLayout.defaultClaimsPrefix(prefix) : claimsPrefix);
    lease = checkLease("--lease", lease == null ? DEFAULT_LEASE : lease);
    Objects.requireNonNull(limits, "limits");
    if (scanLimit < 1) {
      throw InvalidInputException.badValue("--scan-limit", Long.toString(scanLimit), "use a whole number of 1 or more");
    }
    uriScheme = Objects.requireNonNullElse(uriScheme, "s3a");
    if (!uriScheme.equals("s3a") && !uriScheme.equals("s3")) {
      throw InvalidInputException.badValue("--uri-scheme", uriScheme, "use s3a (Hadoop S3A) or s3 (EMRFS)");
    }
  }

  /** A lease from 1m to 7d: shorter expires under a Job still starting, longer strands a crashed Job's data. */
  public static Duration checkLease(String name, Duration lease) {
    if (lease.compareTo(MIN_LEASE) < 0 || lease.compareTo(MAX_LEASE) > 0) {
      throw InvalidInputException.badValue(name, Durations.format(lease), "use a duration from "
          + Durations.format(MIN_LEASE) + " to " + Durations.format(MAX_LEASE) + ", longer than the longest run of"
          + " one batch, e.g. 2h");
    }
    return lease;
  }

  public ClaimLayout layout() {
    return new ClaimLayout(prefix, claimsPrefix);
  }

  /** What Spark reads for a key. */
  public String uri(String key) {
    return uriScheme + "://" + store.bucket() + "/" + key;
  }
}
