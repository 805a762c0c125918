package io.sparkscale.simulate.arrivals;

import io.sparkscale.simulate.Arrival;
import io.sparkscale.simulate.ArrivalSource;
import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * Arrivals made up from a {@link PatternSpec}, one at a time, for a given duration. Rates of 1/s and more are
 * grouped per second (each second's objects arrive at its start); a steady rate below 1/s gives one object
 * every 1/rate seconds. The same spec, duration and seed always give the same arrivals.
 */
public final class PatternArrivals implements ArrivalSource {

  private static final long SECOND = 1000;

  private final PatternSpec spec;
  private final long endMillis;
  private final long objectSize;
  private final Poisson poisson;
  private long step;
  private Arrival next;

  /**
   * @param duration arrivals happen in [0, duration)
   * @param objectSize bytes per object (0 when bytes do not matter)
   */
  public PatternArrivals(PatternSpec spec, Duration duration, long objectSize, long seed) {
    this.spec = spec;
    this.endMillis = duration.toMillis();
    this.objectSize = objectSize;
    this.poisson = new Poisson(new SplittableRandom(seed));
  }

  @Override
  public boolean hasNext() {
    while (next == null) {
      long at = timeOf(step);
      if (at >= endMillis) {
        return false;
      }
      long objects = objectsAt(step, at);
      step++;
      if (objects > 0) {
        next = new Arrival(at, objects, Math.multiplyExact(objects, objectSize));
      }
    }
    return true;
  }

  @Override
  public Arrival next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    Arrival arrival = next;
    next = null;
    return arrival;
  }

  private long timeOf(long k) {
    return switch (spec.kind()) {
      case STEADY -> {
        double rate = spec.rate("rate");
        yield rate >= 1 ? k * SECOND : Math.round(k * SECOND / rate);
      }
      case POISSON, DIURNAL -> k * SECOND;
      case BURST -> spec.duration("start").toMillis() + k * spec.duration("every").toMillis();
    };
  }

  private long objectsAt(long k, long atMillis) {
    return switch (spec.kind()) {
      case STEADY -> {
        double rate = spec.rate("rate");
        // Whole objects so far, so a fractional rate (2.5/s) alternates 2 and 3 and never drifts.
        yield rate >= 1 ? (long) Math.floor(rate * (k + 1)) - (long) Math.floor(rate * k) : 1;
      }
      case POISSON -> poisson.sample(spec.rate("rate"));
      case DIURNAL -> poisson.sample(diurnalRate(atMillis + SECOND / 2));
      case BURST -> spec.count("objects");
    };
  }

  /** trough + (peak - trough) x (1 + cos(2 pi (t - peakAt) / period)) / 2: peak at peakAt, trough half a period away. */
  double diurnalRate(long atMillis) {
    double peak = spec.rate("peak");
    double trough = spec.rate("trough");
    double period = spec.duration("period").toMillis();
    double phase = 2 * Math.PI * (atMillis - spec.duration("peak-at").toMillis()) / period;
    return trough + (peak - trough) * (1 + Math.cos(phase)) / 2;
  }
}
