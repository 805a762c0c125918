package io.sparkscale.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The system clock, which a test may move ahead: time flows as usual for everything the test does not
 * look at, and a test that needs a ttl or max staleness to have passed jumps instead of sleeping.
 */
public final class AdvancingClock extends Clock {

  private volatile Duration ahead = Duration.ZERO;

  public synchronized void advance(Duration by) {
    ahead = ahead.plus(by);
  }

  @Override
  public Instant instant() {
    return Instant.now().plus(ahead);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("tests use UTC");
  }
}
