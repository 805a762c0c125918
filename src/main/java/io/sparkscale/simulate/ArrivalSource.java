package io.sparkscale.simulate;

import java.util.Iterator;

/**
 * Arrivals in time order, read once, one at a time: a 30-day trace is never held in memory. A source that
 * finds a bad record throws {@link io.sparkscale.units.InvalidInputException} naming it.
 */
public interface ArrivalSource extends Iterator<Arrival>, AutoCloseable {

  @Override
  default void close() {}
}
