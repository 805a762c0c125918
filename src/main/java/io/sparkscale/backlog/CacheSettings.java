package io.sparkscale.backlog;

import java.time.Duration;
import java.util.Objects;

/**
 * How long counts are reused and how long a caller may wait.
 *
 * @param ttl a count younger than this is answered from the cache without listing
 * @param maxStaleness an older count may still be served, up to this age, when a fresh one is not ready
 *     in time or the store fails; beyond it the caller gets {@link BacklogUnavailableException}
 * @param answerWithin the longest a caller waits for a listing in progress (KEDA's HPA path gives its
 *     three calls 3 s together)
 */
public record CacheSettings(Duration ttl, Duration maxStaleness, Duration answerWithin) {

  public CacheSettings {
    Objects.requireNonNull(ttl, "ttl");
    Objects.requireNonNull(maxStaleness, "maxStaleness");
    Objects.requireNonNull(answerWithin, "answerWithin");
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl must be positive, got " + ttl);
    }
    if (maxStaleness.isNegative()) {
      throw new IllegalArgumentException("maxStaleness must not be negative, got " + maxStaleness);
    }
    if (answerWithin.isNegative() || answerWithin.isZero()) {
      throw new IllegalArgumentException("answerWithin must be positive, got " + answerWithin);
    }
  }

  /** The `serve` defaults: 10 s ttl, 60 s max staleness, answers within 1 s. */
  public static CacheSettings defaults() {
    return new CacheSettings(Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(1));
  }

  /**
   * Entries nobody asked for in this long are dropped, so thousands of short-lived triggers do not leak:
   * ten ttls, at least ten minutes (well above KEDA's polling intervals).
   */
  public Duration idleEviction() {
    Duration tenTtls = ttl.multipliedBy(10);
    Duration tenMinutes = Duration.ofMinutes(10);
    return tenTtls.compareTo(tenMinutes) > 0 ? tenTtls : tenMinutes;
  }

  /**
   * How long a failed listing is remembered before the next caller may start another: callers arriving
   * together (KEDA's GetMetrics and IsActive back to back) share one failure instead of each listing
   * again against a store that is down.
   */
  public Duration failureHold() {
    Duration oneSecond = Duration.ofSeconds(1);
    return ttl.compareTo(oneSecond) < 0 ? ttl : oneSecond;
  }
}
