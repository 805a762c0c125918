package io.sparkscale.backlog;

import java.util.concurrent.CompletableFuture;

/**
 * One key's state in {@link BacklogCache}. Kept small (times as epoch millis, no per-entry timers or
 * threads) so tens of thousands of triggers fit in a small heap. Fields other than lastAsked are guarded
 * by the entry's lock.
 */
final class CacheEntry {

  final CountKey key;
  volatile long lastAsked;

  BacklogCount good;
  /** How long the good count is fresh: the configured ttl, or the count's own shorter one. */
  long goodTtl;
  /** When the good count's listing started: what it describes, so its age counts from here. */
  long goodStartedAt;
  /** When it finished: the ttl counts from here, so a slow listing is not restarted at once. */
  long goodFinishedAt;
  Throwable failure;
  long failedAt;
  /** Waiting in the refresh queue, or being listed: at most one listing per key (single-flight). */
  boolean queued;
  boolean listing;
  /** Completed by the next listing's end; null while nobody waits for one. */
  CompletableFuture<BacklogCount> waiting;
  /** Queue order, set when queued: older counts first, keys without one before all. */
  long priority;
  long sequence;

  CacheEntry(CountKey key) {
    this.key = key;
  }

  boolean busy() {
    return queued || listing;
  }
}
