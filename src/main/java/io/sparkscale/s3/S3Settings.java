package io.sparkscale.s3;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits for S3 calls. The SDK has no default call or attempt timeout, so a hung connection would hold a
 * counting thread forever; these make every listing page end one way or the other.
 *
 * @param apiCallTimeout one ListObjectsV2 page, all its attempts and backoff included
 * @param apiCallAttemptTimeout one HTTP attempt
 * @param maxAttempts attempts per page in the SDK's standard retry mode (1 = no retry); 503 SlowDown and
 *     other throttling answers are retried with backoff
 * @param maxConnections size of the one HTTP connection pool all S3 clients share
 */
public record S3Settings(
    Duration apiCallTimeout, Duration apiCallAttemptTimeout, int maxAttempts, int maxConnections) {

  static final int DEFAULT_MAX_CONNECTIONS = 64;

  public S3Settings {
    Objects.requireNonNull(apiCallTimeout, "apiCallTimeout");
    Objects.requireNonNull(apiCallAttemptTimeout, "apiCallAttemptTimeout");
    if (apiCallTimeout.isNegative() || apiCallTimeout.isZero()) {
      throw new IllegalArgumentException("apiCallTimeout must be positive, got " + apiCallTimeout);
    }
    if (apiCallAttemptTimeout.isNegative() || apiCallAttemptTimeout.isZero()) {
      throw new IllegalArgumentException(
          "apiCallAttemptTimeout must be positive, got " + apiCallAttemptTimeout);
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be 1 or more, got " + maxAttempts);
    }
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections must be 1 or more, got " + maxConnections);
    }
  }

  public S3Settings(Duration apiCallTimeout, Duration apiCallAttemptTimeout, int maxAttempts) {
    this(apiCallTimeout, apiCallAttemptTimeout, maxAttempts, DEFAULT_MAX_CONNECTIONS);
  }

  /** 30 s per page, 10 s per attempt, 3 attempts (the SDK's standard-mode count), 64 connections. */
  public static S3Settings defaults() {
    return new S3Settings(Duration.ofSeconds(30), Duration.ofSeconds(10), 3);
  }
}
