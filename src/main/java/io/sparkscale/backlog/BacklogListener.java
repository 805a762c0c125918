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

  /** A caller was answered with an older count because a fresh one was not available in time. */
  default void staleServed(CountKey key, Duration age) {}
}
