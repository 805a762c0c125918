package io.sparkscale.simulate;

/**
 * Objects that became pending at one instant.
 *
 * @param atMillis milliseconds from the start of the trace
 * @param objects how many objects arrived (0 or more)
 * @param bytes their total size (0 or more)
 */
public record Arrival(long atMillis, long objects, long bytes) {
  public Arrival {
    if (atMillis < 0) {
      throw new IllegalArgumentException("atMillis must not be negative, got " + atMillis);
    }
    if (objects < 0 || bytes < 0) {
      throw new IllegalArgumentException("objects and bytes must not be negative");
    }
  }
}
