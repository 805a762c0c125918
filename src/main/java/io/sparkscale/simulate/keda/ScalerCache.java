package io.sparkscale.simulate.keda;

import io.sparkscale.backlog.CacheSettings;
import java.util.function.LongSupplier;

/**
 * The count `sparkscale serve` answers KEDA with, for one trigger, with its cache rules and listings taken as
 * instantaneous (a listing's own duration is not modelled).
 *
 * <p>Source: this repository, io.sparkscale.backlog.BacklogCache ({@code count} and {@code tick}; rules in
 * docs/scaler-internals.md): a count not older than the ttl is answered from memory; an older one, up to max
 * staleness (serve's default 60 s), is still answered while a new listing is made behind it
 * (stale-while-revalidate); a key asked for again in the second half of its count's ttl is listed again shortly
 * before the ttl ends (refresh ahead, lead min(ttl / 2, two ticks of ttl / 10 bounded to 20..250 ms)). So a
 * poller faster than the ttl sees counts at most a ttl old, and a slower one (KEDA alone, every
 * pollingInterval, while the HPA is idle at zero replicas) gets the count made at its previous call. A ttl of 0
 * stands for a scaler without a cache: every answer is exact.
 */
public final class ScalerCache {

  private final long ttlMillis;
  private final long maxStalenessMillis;
  private final long leadMillis;
  private boolean counted;
  private long count;
  private long madeAt;
  private long refreshAt = Long.MAX_VALUE;

  public ScalerCache(long ttlMillis) {
    this(ttlMillis, CacheSettings.defaults().maxStaleness().toMillis());
  }

  public ScalerCache(long ttlMillis, long maxStalenessMillis) {
    if (ttlMillis < 0 || maxStalenessMillis < 0) {
      throw new IllegalArgumentException("ttl and max staleness must not be negative");
    }
    this.ttlMillis = ttlMillis;
    this.maxStalenessMillis = maxStalenessMillis;
    long tick = Math.max(20, Math.min(250, ttlMillis / 10));
    this.leadMillis = Math.min(ttlMillis / 2, 2 * tick);
  }

  /**
   * One GetMetrics or IsActive call.
   *
   * @param exact the backlog as a listing made now would count it
   */
  public long ask(long now, LongSupplier exact) {
    if (ttlMillis == 0) {
      return exact.getAsLong();
    }
    if (!counted) {
      list(now, exact);
      return count;
    }
    long age = now - madeAt;
    if (age <= ttlMillis) {
      if (age >= ttlMillis / 2) {
        refreshAt = Math.min(refreshAt, Math.max(now, madeAt + ttlMillis - leadMillis));
      }
      long served = count;
      if (refreshAt <= now) {
        list(now, exact);
      }
      return served;
    }
    if (age <= maxStalenessMillis) {
      long served = count;
      list(now, exact);
      return served;
    }
    list(now, exact);
    return count;
  }

  /** When a refresh-ahead listing is due, or Long.MAX_VALUE. */
  public long refreshDueAt() {
    return refreshAt;
  }

  /** The refresh-ahead listing, at {@link #refreshDueAt()}. */
  public void refresh(long now, LongSupplier exact) {
    if (refreshAt <= now) {
      list(now, exact);
    }
  }

  private void list(long now, LongSupplier exact) {
    count = exact.getAsLong();
    madeAt = now;
    counted = true;
    refreshAt = Long.MAX_VALUE;
  }
}
