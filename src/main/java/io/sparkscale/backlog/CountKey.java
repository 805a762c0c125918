package io.sparkscale.backlog;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What one listing counts. Every trigger asking the same question shares one cached count, whatever its
 * metric (objects and bytes come from the same listing) or its targets.
 *
 * @param endpoint S3 endpoint URL, or "" for the server's default
 * @param region AWS region, or "" for the server's default chain
 * @param forcePathStyle path-style addressing (S3-compatible stores); null is read as false
 * @param notifications the SQS queue that keeps this count current (notification mode), or null to list
 * @param claims keys under a live claim marker do not count, nor anything under the claims prefix; null when
 *     the trigger names no claims prefix
 */
public record CountKey(
    String endpoint,
    String region,
    Boolean forcePathStyle,
    String bucket,
    String prefix,
    String suffix,
    Duration minObjectAge,
    long scanLimit,
    NotificationQueue notifications,
    ClaimExclusion claims) {

  /** A count kept by listing (no notification queue). */
  public CountKey(
      String endpoint,
      String region,
      Boolean forcePathStyle,
      String bucket,
      String prefix,
      String suffix,
      Duration minObjectAge,
      long scanLimit) {
    this(endpoint, region, forcePathStyle, bucket, prefix, suffix, minObjectAge, scanLimit, null, null);
  }

  /** A count without claims. */
  public CountKey(
      String endpoint,
      String region,
      Boolean forcePathStyle,
      String bucket,
      String prefix,
      String suffix,
      Duration minObjectAge,
      long scanLimit,
      NotificationQueue notifications) {
    this(endpoint, region, forcePathStyle, bucket, prefix, suffix, minObjectAge, scanLimit, notifications, null);
  }

  public CountKey {
    endpoint = Objects.requireNonNullElse(endpoint, "");
    region = Objects.requireNonNullElse(region, "");
    forcePathStyle = Objects.requireNonNullElse(forcePathStyle, Boolean.FALSE);
    Objects.requireNonNull(bucket, "bucket");
    prefix = Objects.requireNonNullElse(prefix, "");
    suffix = Objects.requireNonNullElse(suffix, "");
    minObjectAge = Objects.requireNonNullElse(minObjectAge, Duration.ZERO);
    if (scanLimit <= 0) {
      throw new IllegalArgumentException("scanLimit must be positive");
    }
  }

  /**
   * Whether a listed object is pending work: it ends with the suffix, is not a folder marker ("dir/", 0
   * bytes), is no younger than minObjectAge (still being written), and is not claim bookkeeping. Live claims
   * are the caller's to exclude: they need the claims listing.
   *
   * @param newestCounted now minus minObjectAge
   */
  public boolean counts(String name, long size, Instant lastModified, Instant newestCounted) {
    if (!name.endsWith(suffix) || size == 0 && name.endsWith("/")) {
      return false;
    }
    if (claims != null && name.startsWith(claims.prefix())) {
      return false;
    }
    return minObjectAge.isZero() || lastModified == null || !lastModified.isAfter(newestCounted);
  }

  /** "s3://bucket/prefix*suffix" for logs and errors. */
  public String describe() {
    return "s3://" + bucket + "/" + prefix + (suffix.isEmpty() ? "" : "*" + suffix)
        + (endpoint.isEmpty() ? "" : " at " + endpoint)
        + (notifications == null ? "" : " via " + notifications.queueUrl());
  }
}
