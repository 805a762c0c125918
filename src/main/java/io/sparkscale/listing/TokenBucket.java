package io.sparkscale.listing;

import java.util.function.LongSupplier;

/**
 * A {@link RequestBudget} of a steady rate with a small burst. Each caller reserves the next free slot and
 * sleeps until it, so waiting callers are served in arrival order and the lock is never held while waiting.
 */
public final class TokenBucket implements RequestBudget {

  private final long nanosPerPermit;
  private final long burstNanos;
  private final LongSupplier nanoTime;
  private final Sleeper sleeper;
  private long nextFree; // guarded by this

  /** Waits by sleeping, so tests can record the waits instead. */
  @FunctionalInterface
  public interface Sleeper {
    void sleepNanos(long nanos) throws InterruptedException;
  }

  /**
   * @param perSecond permits per second, sustained
   * @param burst permits that may be taken at once after a quiet spell (at least 1)
   */
  public TokenBucket(double perSecond, int burst) {
    this(perSecond, burst, System::nanoTime, TokenBucket::sleep);
  }

  TokenBucket(double perSecond, int burst, LongSupplier nanoTime, Sleeper sleeper) {
    if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
      throw new IllegalArgumentException("perSecond must be positive, got " + perSecond);
    }
    if (burst < 1) {
      throw new IllegalArgumentException("burst must be 1 or more, got " + burst);
    }
    this.nanosPerPermit = Math.max(1, (long) (1e9 / perSecond));
    this.burstNanos = nanosPerPermit * (burst - 1);
    this.nanoTime = nanoTime;
    this.sleeper = sleeper;
    this.nextFree = nanoTime.getAsLong() - burstNanos;
  }

  @Override
  public void acquire() throws InterruptedException {
    long wait = reserve();
    if (wait > 0) {
      sleeper.sleepNanos(wait);
    }
  }

  /** Takes the next slot; returns how long to wait for it (0 when a permit is free now). */
  synchronized long reserve() {
    long now = nanoTime.getAsLong();
    // Unused time banks at most burst permits.
    long slot = Math.max(nextFree, now - burstNanos);
    nextFree = slot + nanosPerPermit;
    return Math.max(0, slot - now);
  }

  private static void sleep(long nanos) throws InterruptedException {
    Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
  }
}
