package io.sparkscale.backlog;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What one count found: matching objects and their total size, and how long it may be reused.
 *
 * @param limitReached the scan limit stopped the listing, so objects equals the limit
 * @param listRequests ListObjectsV2 requests the listing made
 * @param reuseFor the longest the cache may answer with this count before counting again; the cache's own
 *     ttl caps it. A listing leaves it {@link #AS_CONFIGURED}; a count from memory kept current by events
 *     goes stale in seconds and says so, so the cache never asks its source how long a key's count lasts.
 */
public record BacklogCount(
    long objects,
    long bytes,
    boolean limitReached,
    long listRequests,
    Instant countedAt,
    Duration took,
    Duration reuseFor) {

  /** No bound of the count's own: the cache's ttl (`--cache-ttl`) decides. */
  public static final Duration AS_CONFIGURED = Duration.ofSeconds(Long.MAX_VALUE);

  public BacklogCount {
    Objects.requireNonNull(reuseFor, "reuseFor");
    if (reuseFor.isNegative() || reuseFor.isZero()) {
      throw new IllegalArgumentException("reuseFor must be positive, got " + reuseFor);
    }
  }

  /** A count reused for as long as the cache's ttl allows (a listing). */
  public BacklogCount(
      long objects, long bytes, boolean limitReached, long listRequests, Instant countedAt, Duration took) {
    this(objects, bytes, limitReached, listRequests, countedAt, took, AS_CONFIGURED);
  }

  /** This count, reusable for at most {@code duration}. */
  public BacklogCount reusedFor(Duration duration) {
    return new BacklogCount(objects, bytes, limitReached, listRequests, countedAt, took, duration);
  }

  /** How long a cache whose ttl is {@code ttl} may reuse this count: the shorter of the two. */
  public Duration ttlUnder(Duration ttl) {
    return reuseFor.compareTo(ttl) < 0 ? reuseFor : ttl;
  }
}
