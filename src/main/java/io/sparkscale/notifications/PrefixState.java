package io.sparkscale.notifications;

import io.sparkscale.backlog.BacklogCount;
import io.sparkscale.backlog.CountKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The pending keys of one {@link CountKey}, kept current by events and corrected by listings.
 *
 * <p>Events and listings meet through per-key sequencers and two marks. While a listing runs, every
 * event for a key marks it touched, and the event's state wins over what the listing saw (the listing
 * may have passed the key before the change). Keys the listing did not see and no event touched are gone;
 * keys it saw that the table did not know are new. Both are drift: changes the queue did not report.
 * An object modified shortly before the listing started may simply have its event still on the way, so
 * it is not reported as drift (but is still corrected).
 *
 * <p>Thread-safe: one lock, taken once per batch of events and once per listed page.
 */
public final class PrefixState {

  /** How long removed keys are remembered with their sequencer, against late and duplicated events. */
  public static final Duration TOMBSTONE_WINDOW = Duration.ofMinutes(10);
  /** S3 usually delivers within seconds; an object younger than this at listing may be in flight. */
  public static final Duration IN_FLIGHT = Duration.ofMinutes(1);

  private final CountKey key;
  private final PendingKeys table = new PendingKeys();
  private boolean listing;
  private boolean seeded;
  private Instant listingStartedAt;
  private long listingDrift;
  private long applied;
  private long stale;

  public PrefixState(CountKey key) {
    this.key = Objects.requireNonNull(key, "key");
  }

  public CountKey key() {
    return key;
  }

  /**
   * Applies the events for this key's bucket and prefix (others are ignored).
   *
   * @return how many changed the state (duplicates and older events do not)
   */
  public synchronized int apply(List<ObjectEvent> events) {
    int changed = 0;
    for (ObjectEvent event : events) {
      if (!event.bucket().equals(key.bucket())
          || !inPrefix(event.key())
          || !event.key().endsWith(key.suffix())) {
        continue; // never counted, so never held
      }
      // A create that does not count (a 0-byte folder marker) replaces whatever was there, like a remove.
      boolean counts = event.present() && !(event.size() == 0 && event.key().endsWith("/"));
      boolean done =
          table.apply(
              KeyFingerprint.of(event.key()), event.sequencer(), counts, event.size(),
              event.time().getEpochSecond(), listing);
      if (done) {
        changed++;
        applied++;
      } else {
        stale++;
      }
    }
    return changed;
  }

  /** Starts a seeding or reconciling listing; events from now on win over what it sees. */
  public synchronized void beginListing(Instant startedAt) {
    table.beginListing();
    listing = true;
    listingStartedAt = startedAt;
    listingDrift = 0;
  }

  /** One page of the listing. */
  public synchronized void listed(List<KeyListing.ListedObject> page) {
    Instant inFlightFrom = listingStartedAt.minus(IN_FLIGHT);
    for (KeyListing.ListedObject object : page) {
      if (!inPrefix(object.key()) || !counts(object.key(), object.size())) {
        continue;
      }
      Instant modified = object.lastModified() == null ? listingStartedAt : object.lastModified();
      boolean differed =
          table.listed(KeyFingerprint.of(object.key()), object.size(), modified.getEpochSecond());
      if (differed && modified.isBefore(inFlightFrom)) {
        listingDrift++;
      }
    }
  }

  /**
   * Ends the listing: keys it did not see and no event touched are removed; old tombstones are dropped.
   *
   * @return the drift found (0 for the seeding listing, which has nothing to compare with)
   */
  public synchronized long endListing(Instant now) {
    long gone = table.endListing(now.getEpochSecond());
    table.purgeTombstones(now.minus(TOMBSTONE_WINDOW).getEpochSecond());
    listing = false;
    long drift = seeded ? listingDrift + gone : 0;
    seeded = true;
    return drift;
  }

  /** A listing failed: a seed starts over; a reconcile leaves the event-kept state as it was. */
  public synchronized void abortListing() {
    listing = false;
    if (!seeded) {
      table.clear();
    }
  }

  public synchronized boolean seeded() {
    return seeded;
  }

  /** Drops tombstones past the window (also done after each listing). */
  public synchronized void purge(Instant now) {
    table.purgeTombstones(now.minus(TOMBSTONE_WINDOW).getEpochSecond());
  }

  /** The count as a listing now would give it, from memory. */
  public synchronized BacklogCount count(Instant now) {
    long objects;
    long bytes;
    if (key.minObjectAge().isZero()) {
      objects = table.live();
      bytes = table.liveBytes();
    } else {
      long[] old = table.liveModifiedBy(now.minus(key.minObjectAge()).getEpochSecond());
      objects = old[0];
      bytes = old[1];
    }
    boolean limitReached = objects >= key.scanLimit();
    return new BacklogCount(
        Math.min(objects, key.scanLimit()), bytes, limitReached, 0, now, Duration.ZERO);
  }

  /** Keys held, tombstones included. */
  public synchronized long heldKeys() {
    return table.live() + table.tombstones();
  }

  public synchronized long memoryBytes() {
    return table.memoryBytes();
  }

  public synchronized long applied() {
    return applied;
  }

  public synchronized long stale() {
    return stale;
  }

  private boolean inPrefix(String objectKey) {
    return objectKey.startsWith(key.prefix());
  }

  /** The listing's own rule: suffix matches, and 0-byte "folder/" markers are not work. */
  private boolean counts(String objectKey, long size) {
    return objectKey.endsWith(key.suffix()) && !(size == 0 && objectKey.endsWith("/"));
  }
}
