package io.sparkscale.listing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a listing remembers for the next one of the same count key: how many pages it took, the last
 * key of its pages, thinned to at most {@link #MAX_KEPT} evenly spaced ones so a 100-million-key prefix
 * keeps a few kilobytes, not 100,000 keys, and how long a page took when pages were asked for one after
 * the other (the last sequential listing's mean; parallel pages on a busy store take longer each).
 *
 * @param pageTime zero when no sequential listing was timed
 */
public record PageEnds(long pages, List<String> keys, Duration pageTime) {

  public static final int MAX_KEPT = 256;
  public static final PageEnds NONE = new PageEnds(0, List.of());

  public PageEnds {
    keys = thin(keys);
    Objects.requireNonNull(pageTime, "pageTime");
  }

  public PageEnds(long pages, List<String> keys) {
    this(pages, keys, Duration.ZERO);
  }

  private static List<String> thin(List<String> keys) {
    if (keys.size() <= MAX_KEPT) {
      return List.copyOf(keys);
    }
    List<String> kept = new ArrayList<>(MAX_KEPT);
    for (int i = 1; i <= MAX_KEPT; i++) {
      kept.add(keys.get((int) ((long) i * keys.size() / MAX_KEPT) - 1));
    }
    return List.copyOf(kept);
  }
}
