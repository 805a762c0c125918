package io.sparkscale.backlog;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock tests move by hand, so ttl and staleness rules are checked without sleeping: stopped at a
 * start instant, or following wall time (for code that must also see time pass by itself) and jumped ahead.
 */
public final class MutableClock extends Clock {

  private final Clock base;
  private volatile Duration ahead = Duration.ZERO;

  /** Stopped at {@code start} until advanced. */
  public MutableClock(Instant start) {
    this(Clock.fixed(start, ZoneOffset.UTC));
  }

  private MutableClock(Clock base) {
    this.base = base;
  }

  /** Wall time, plus whatever the test advanced it by. */
  public static MutableClock followingWallTime() {
    return new MutableClock(Clock.systemUTC());
  }

  public synchronized void advance(Duration by) {
    ahead = ahead.plus(by);
  }

  @Override
  public Instant instant() {
    return base.instant().plus(ahead);
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
