package io.sparkscale.backlog;

import java.time.Duration;

/**
 * What the cache reports as it works; metrics and logs implement it. Methods are called on the caller's
 * or the counting thread and must return quickly without throwing.
 */
public interface BacklogListener {

  BacklogListener NONE = new BacklogListener() {};

  /** A caller was answered from a fresh cached count. */
  default void cacheHit(CountKey key) {}

  /** A listing started (at most one per key at a time). */
  default void countStarted(CountKey key) {}

  /** A listing finished. */
  default void counted(CountKey key, BacklogCount count) {}

  /** A listing failed; {@code error} is usually a {@link BacklogUnavailableException}. */
  default void countFailed(CountKey key, Throwable error) {}

  /** A caller was answered with a count older than its ttl while a refresh runs or the store fails. */
  default void staleServed(CountKey key, Duration age) {}

  /**
   * Every answer given from a count, fresh or stale: its age (from when its listing started) and the
   * most it may reach before callers get UNAVAILABLE, for the age histogram and the warning near it.
   */
  default void served(CountKey key, Duration age, Duration maxStaleness) {}
}
