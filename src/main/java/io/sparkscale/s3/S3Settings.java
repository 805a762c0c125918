package io.sparkscale.s3;

import io.sparkscale.listing.RequestBudget;
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
 * @param maxConnections HTTP connections per client: as many as listings and shards run at once
 * @param budget taken once per ListObjectsV2 request, shared by every listing
 */
public record S3Settings(
    Duration apiCallTimeout, Duration apiCallAttemptTimeout, int maxAttempts, int maxConnections,
    RequestBudget budget) {

  /** The SDK's default pool would be 50; this covers the cache's default workers and one count's shards. */
  public static final int DEFAULT_MAX_CONNECTIONS = 64;

  /** Default capacity: {@link #DEFAULT_MAX_CONNECTIONS}, no request budget. */
  public S3Settings(Duration apiCallTimeout, Duration apiCallAttemptTimeout, int maxAttempts) {
    this(apiCallTimeout, apiCallAttemptTimeout, maxAttempts, DEFAULT_MAX_CONNECTIONS, RequestBudget.UNLIMITED);
  }

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
    Objects.requireNonNull(budget, "budget");
  }

  /** These limits with another connection pool size and request budget. */
  public S3Settings withCapacity(int maxConnections, RequestBudget budget) {
    return new S3Settings(apiCallTimeout, apiCallAttemptTimeout, maxAttempts, maxConnections, budget);
  }

  /** 30 s per page, 10 s per attempt, 3 attempts (the SDK's standard-mode count), 64 connections. */
  public static S3Settings defaults() {
    return new S3Settings(Duration.ofSeconds(30), Duration.ofSeconds(10), 3);
  }
}
