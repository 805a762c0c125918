package io.sparkscale.s3;

import io.sparkscale.backlog.BacklogUnavailableException;
import io.sparkscale.backlog.CountKey;
import io.sparkscale.notifications.KeyListing.ListedObject;
import io.sparkscale.simulate.Arrival;
import io.sparkscale.simulate.ArrivalSource;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;

/**
 * Arrivals reconstructed from what is under a prefix now: each object arrived at its LastModified time. A
 * lower bound on what arrived: objects already processed and deleted are gone. S3 lists keys in key order, not
 * time order, so the listing is grouped per second (an object's LastModified has one-second resolution) and
 * replayed in time order. Folder markers do not count, as in the scaler's count.
 *
 * @param start the oldest LastModified, the trace's time zero
 * @param objects objects that count
 * @param requests ListObjectsV2 requests made
 */
public record S3Arrivals(Instant start, long objects, long bytes, long requests, TreeMap<Long, long[]> perSecond) {

  /** More than this is refused: the grouping is held in memory; export such a history to CSV instead. */
  public static final long MAX_OBJECTS = 10_000_000;

  /** Lists the whole prefix (suffix applied, no age filter, no scan limit). */
  public static S3Arrivals list(S3BacklogSource source, CountKey key) throws BacklogUnavailableException {
    TreeMap<Long, long[]> perSecond = new TreeMap<>();
    long[] totals = new long[2];
    long requests = source.listAll(key, page -> {
      for (ListedObject object : page) {
        if (!counts(key, object)) {
          continue;
        }
        if (++totals[0] > MAX_OBJECTS) {
          throw new TooMany();
        }
        totals[1] += object.size();
        long[] second = perSecond.computeIfAbsent(object.lastModified().getEpochSecond(), s -> new long[2]);
        second[0]++;
        second[1] += object.size();
      }
    });
    Instant start = perSecond.isEmpty() ? null : Instant.ofEpochSecond(perSecond.firstKey());
    return new S3Arrivals(start, totals[0], totals[1], requests, perSecond);
  }

  /** Thrown out of the listing's page callback to stop it. */
  public static final class TooMany extends RuntimeException {
    TooMany() {
      super("more than " + MAX_OBJECTS + " objects", null, false, false);
    }
  }

  private static boolean counts(CountKey key, ListedObject object) {
    if (!object.key().endsWith(key.suffix()) || object.lastModified() == null) {
      return false;
    }
    return !(object.size() == 0 && object.key().endsWith("/"));
  }

  /** The arrivals, in time order, from the oldest object's second. */
  public ArrivalSource arrivals() {
    Iterator<Map.Entry<Long, long[]>> seconds = perSecond.entrySet().iterator();
    long first = perSecond.isEmpty() ? 0 : perSecond.firstKey();
    return new ArrivalSource() {
      @Override
      public boolean hasNext() {
        return seconds.hasNext();
      }

      @Override
      public Arrival next() {
        if (!seconds.hasNext()) {
          throw new NoSuchElementException();
        }
        Map.Entry<Long, long[]> second = seconds.next();
        return new Arrival((second.getKey() - first) * 1000, second.getValue()[0], second.getValue()[1]);
      }
    };
  }
}
