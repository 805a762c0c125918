package io.sparkscale.simulate;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** Arrivals for tests: steady streams and bursts, built in memory. */
public final class TestArrivals implements ArrivalSource {

  private final Iterator<Arrival> it;

  private TestArrivals(List<Arrival> arrivals) {
    this.it = arrivals.iterator();
  }

  public static TestArrivals of(List<Arrival> arrivals) {
    return new TestArrivals(arrivals);
  }

  /** {@code objects} every {@code everyMillis} from 0 until {@code untilMillis} (excluded), each of {@code size} bytes. */
  static TestArrivals steady(long objects, long everyMillis, long untilMillis, long size) {
    List<Arrival> list = new ArrayList<>();
    for (long t = 0; t < untilMillis; t += everyMillis) {
      list.add(new Arrival(t, objects, objects * size));
    }
    return new TestArrivals(list);
  }

  @Override
  public boolean hasNext() {
    return it.hasNext();
  }

  @Override
  public Arrival next() {
    return it.next();
  }
}
