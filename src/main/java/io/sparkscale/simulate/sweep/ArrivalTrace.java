package io.sparkscale.simulate.sweep;

import io.sparkscale.simulate.Arrival;
import io.sparkscale.simulate.ArrivalSource;
import java.util.Arrays;
import java.util.NoSuchElementException;

/**
 * Arrivals read once and kept as three primitive columns (24 bytes a row: 30 days at one row per 10 s is 6 MB),
 * so a sweep replays the same trace for every setting without reading or parsing it again.
 */
public final class ArrivalTrace {

  private final long[] atMillis;
  private final long[] objects;
  private final long[] bytes;
  private final int size;

  private ArrivalTrace(long[] atMillis, long[] objects, long[] bytes, int size) {
    this.atMillis = atMillis;
    this.objects = objects;
    this.bytes = bytes;
    this.size = size;
  }

  /** Reads {@code source} to its end (and closes it). Out-of-order rows are left for the run to refuse. */
  public static ArrivalTrace read(ArrivalSource source) {
    long[] at = new long[1024];
    long[] obj = new long[1024];
    long[] byt = new long[1024];
    int n = 0;
    try (source) {
      while (source.hasNext()) {
        Arrival a = source.next();
        if (n == at.length) {
          at = Arrays.copyOf(at, n * 2);
          obj = Arrays.copyOf(obj, n * 2);
          byt = Arrays.copyOf(byt, n * 2);
        }
        at[n] = a.atMillis();
        obj[n] = a.objects();
        byt[n] = a.bytes();
        n++;
      }
    }
    return new ArrivalTrace(at, obj, byt, n);
  }

  public int size() {
    return size;
  }

  /** Objects in the whole trace. */
  public long objects() {
    long sum = 0;
    for (int i = 0; i < size; i++) {
      sum += objects[i];
    }
    return sum;
  }

  /** A fresh pass over the trace; any number may run at once. */
  public ArrivalSource source() {
    return new ArrivalSource() {
      private int next;

      @Override
      public boolean hasNext() {
        return next < size;
      }

      @Override
      public Arrival next() {
        if (next >= size) {
          throw new NoSuchElementException();
        }
        int i = next++;
        return new Arrival(atMillis[i], objects[i], bytes[i]);
      }
    };
  }
}
