package io.sparkscale.observability;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * At most one log line per key per period: a store that is down for 10,000 triggers polled every few
 * seconds would otherwise write thousands of identical warnings a minute. The line that is let through
 * says how many were held back since the previous one.
 */
final class LogLimiter {

  /** Keys remembered; past it the memory starts over (a few extra lines, never unbounded growth). */
  private static final int MAX_KEYS = 20_000;

  private final long periodNanos;
  private final LongSupplier nanoTime;
  private final Map<Object, Window> windows = new ConcurrentHashMap<>();

  LogLimiter(Duration period, LongSupplier nanoTime) {
    this.periodNanos = period.toNanos();
    this.nanoTime = nanoTime;
  }

  /** @return -1 to hold this line back, else how many lines for this key were held back before it */
  long admit(Object key) {
    if (windows.size() > MAX_KEYS) {
      windows.clear();
    }
    long now = nanoTime.getAsLong();
    long[] result = new long[1];
    windows.compute(key, (k, window) -> {
      if (window == null || now - window.loggedAt >= periodNanos) {
        result[0] = window == null ? 0 : window.held;
        return new Window(now, 0);
      }
      result[0] = -1;
      return new Window(window.loggedAt, window.held + 1);
    });
    return result[0];
  }

  private record Window(long loggedAt, long held) {}
}
