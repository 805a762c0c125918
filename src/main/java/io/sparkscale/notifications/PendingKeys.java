package io.sparkscale.notifications;

/**
 * The keys pending under one prefix, held compactly: an open-addressing table (linear probing) of
 * parallel arrays, one slot per key, 40 bytes a slot: 16 of {@link KeyFingerprint}, 12 of
 * {@link Sequencer}, 8 of size and state, 4 of time. The table grows by half when 80 % full, so a key
 * costs 50 to 75 bytes; 10 million keys (removed keys kept as tombstones included) take at most 750 MB.
 *
 * <p>A removed key stays as a tombstone with its sequencer for a while, so that a late or duplicated
 * older create of it is recognized as older and ignored. Not thread-safe: {@link PrefixState} guards it.
 */
final class PendingKeys {

  static final int SLOT_BYTES = 40;
  static final long LIVE = 1L << 56;
  static final long TOMBSTONE = 1L << 57;
  /** Seen by the listing in progress. */
  static final long SEEN = 1L << 58;
  /** Changed or confirmed by an event while a listing was in progress: the event wins over the listing. */
  static final long TOUCHED = 1L << 59;
  /** Object sizes are at most 5 TiB (43 bits). */
  static final long SIZE_MASK = (1L << 48) - 1;
  /** Times are held as seconds after this instant (2020-09-13) in an int: good until 2088. */
  static final long EPOCH_BASE = 1_600_000_000L;
  private static final double MAX_LOAD = 0.8;
  /**
   * Small, since every notification prefix has a table and most hold a handful of keys: at 1,024 slots
   * (40 KB each) 1,000 queues alone took 40 MB, and `serve` ran out of the chart's 77 MiB heap at 182
   * (docs/performance.md, case 13). Growth by half keeps inserts amortized O(1).
   */
  static final int INITIAL_CAPACITY = 16;

  private long[] fpHigh;
  private long[] fpLow;
  private long[] seqLow;
  private int[] seqHigh;
  private long[] info;
  private int[] seconds;
  private int capacity;
  private int used;
  private long live;
  private long liveBytes;
  private long tombstones;

  PendingKeys() {
    allocate(INITIAL_CAPACITY);
  }

  /** Whether the change was newer than what the table knew for the key, and so applied. */
  boolean apply(
      KeyFingerprint fp, Sequencer sequencer, boolean present, long size, long epochSecond, boolean touch) {
    int slot = find(fp.high(), fp.low());
    if (slot >= 0) {
      if (touch) {
        info[slot] |= TOUCHED;
      }
      if (Sequencer.compare(sequencer.high(), sequencer.low(), seqHigh[slot], seqLow[slot]) <= 0) {
        return false;
      }
      unaccount(slot);
      write(slot, sequencer, present, size, epochSecond, info[slot] & (SEEN | TOUCHED));
      account(slot);
      return true;
    }
    slot = insertionSlot(fp);
    fpHigh[slot] = fp.high();
    fpLow[slot] = fp.low();
    used++;
    write(slot, sequencer, present, size, epochSecond, touch ? TOUCHED : 0);
    account(slot);
    return true;
  }

  /** Starts a listing pass: forgets which keys the previous one saw and which events touched them. */
  void beginListing() {
    for (int i = 0; i < capacity; i++) {
      info[i] &= ~(SEEN | TOUCHED);
    }
  }

  /**
   * One object the listing found. An event received during the listing wins; otherwise the listing does.
   *
   * @return whether the table disagreed (a missed create, or a size the events did not say)
   */
  boolean listed(KeyFingerprint fp, long size, long epochSecond) {
    int slot = find(fp.high(), fp.low());
    if (slot < 0) {
      slot = insertionSlot(fp);
      fpHigh[slot] = fp.high();
      fpLow[slot] = fp.low();
      used++;
      write(slot, Sequencer.NONE, true, size, epochSecond, SEEN);
      account(slot);
      return true;
    }
    long state = info[slot];
    if ((state & TOUCHED) != 0) {
      info[slot] = state | SEEN;
      return false;
    }
    boolean agrees = (state & LIVE) != 0 && (state & SIZE_MASK) == size;
    if (!agrees) {
      // Removed before the listing started, yet listed: re-created since. Keep the sequencer so the
      // create's own event, when it comes, is not mistaken for news.
      Sequencer kept = new Sequencer(seqHigh[slot], seqLow[slot]);
      unaccount(slot);
      write(slot, kept, true, size, epochSecond, 0);
      account(slot);
    }
    info[slot] |= SEEN;
    return !agrees;
  }

  /**
   * Ends a listing pass: a live key it did not see, and no event touched meanwhile, is gone (its remove
   * was missed). Becomes a tombstone that keeps its sequencer.
   *
   * @return how many such keys there were
   */
  long endListing(long epochSecond) {
    long gone = 0;
    for (int i = 0; i < capacity; i++) {
      long state = info[i];
      if ((state & LIVE) != 0 && (state & (SEEN | TOUCHED)) == 0) {
        unaccount(i);
        write(i, new Sequencer(seqHigh[i], seqLow[i]), false, 0, epochSecond, 0);
        account(i);
        gone++;
      }
    }
    return gone;
  }

  /** Drops tombstones older than the cutoff (backward-shift deletion keeps probe chains intact). */
  long purgeTombstones(long cutoffEpochSecond) {
    long purged = 0;
    int cutoff = toStored(cutoffEpochSecond);
    int i = 0;
    while (i < capacity) {
      if ((info[i] & TOMBSTONE) != 0 && seconds[i] <= cutoff) {
        tombstones--;
        used--;
        removeAt(i);
        purged++; // slot i now holds a shifted entry (or nothing): look at it again
      } else {
        i++;
      }
    }
    return purged;
  }

  /** Live keys last modified at or before the cutoff: {objects, bytes}. A scan: used with an age filter. */
  long[] liveModifiedBy(long cutoffEpochSecond) {
    int cutoff = toStored(cutoffEpochSecond);
    long objects = 0;
    long bytes = 0;
    for (int i = 0; i < capacity; i++) {
      long state = info[i];
      if ((state & LIVE) != 0 && seconds[i] <= cutoff) {
        objects++;
        bytes += state & SIZE_MASK;
      }
    }
    return new long[] {objects, bytes};
  }

  long live() {
    return live;
  }

  long liveBytes() {
    return liveBytes;
  }

  long tombstones() {
    return tombstones;
  }

  /** Heap held by the table's arrays. */
  long memoryBytes() {
    return (long) capacity * SLOT_BYTES;
  }

  void clear() {
    allocate(INITIAL_CAPACITY);
  }

  private void write(int slot, Sequencer sequencer, boolean present, long size, long epochSecond, long flags) {
    seqHigh[slot] = sequencer.high();
    seqLow[slot] = sequencer.low();
    seconds[slot] = toStored(epochSecond);
    info[slot] = (present ? LIVE : TOMBSTONE) | flags | (present ? Math.min(size, SIZE_MASK) : 0);
  }

  private void account(int slot) {
    long state = info[slot];
    if ((state & LIVE) != 0) {
      live++;
      liveBytes += state & SIZE_MASK;
    } else {
      tombstones++;
    }
  }

  private void unaccount(int slot) {
    long state = info[slot];
    if ((state & LIVE) != 0) {
      live--;
      liveBytes -= state & SIZE_MASK;
    } else {
      tombstones--;
    }
  }

  /** The key's slot, or -(the empty slot where it would go) - 1. */
  private int find(long high, long low) {
    int i = home(high);
    while (info[i] != 0) {
      if (fpHigh[i] == high && fpLow[i] == low) {
        return i;
      }
      i = next(i);
    }
    return -i - 1;
  }

  /** An empty slot for a key known to be absent, growing first if the table is full enough. */
  private int insertionSlot(KeyFingerprint fp) {
    if (used + 1 > capacity * MAX_LOAD) {
      grow();
    }
    return -find(fp.high(), fp.low()) - 1;
  }

  private void removeAt(int hole) {
    int i = hole;
    int j = hole;
    while (true) {
      j = next(j);
      if (info[j] == 0) {
        break;
      }
      int home = home(fpHigh[j]);
      boolean staysPut = i <= j ? (i < home && home <= j) : (i < home || home <= j);
      if (!staysPut) {
        move(j, i);
        i = j;
      }
    }
    info[i] = 0;
  }

  private void move(int from, int to) {
    fpHigh[to] = fpHigh[from];
    fpLow[to] = fpLow[from];
    seqHigh[to] = seqHigh[from];
    seqLow[to] = seqLow[from];
    info[to] = info[from];
    seconds[to] = seconds[from];
  }

  private void grow() {
    long[] oldHigh = fpHigh;
    long[] oldLow = fpLow;
    long[] oldSeqLow = seqLow;
    int[] oldSeqHigh = seqHigh;
    long[] oldInfo = info;
    int[] oldSeconds = seconds;
    int oldCapacity = capacity;
    allocate(oldCapacity + oldCapacity / 2);
    for (int from = 0; from < oldCapacity; from++) {
      if (oldInfo[from] == 0) {
        continue;
      }
      int to = -find(oldHigh[from], oldLow[from]) - 1;
      fpHigh[to] = oldHigh[from];
      fpLow[to] = oldLow[from];
      seqHigh[to] = oldSeqHigh[from];
      seqLow[to] = oldSeqLow[from];
      info[to] = oldInfo[from];
      seconds[to] = oldSeconds[from];
      used++;
      account(to);
    }
  }

  private void allocate(int newCapacity) {
    capacity = newCapacity;
    fpHigh = new long[newCapacity];
    fpLow = new long[newCapacity];
    seqLow = new long[newCapacity];
    seqHigh = new int[newCapacity];
    info = new long[newCapacity];
    seconds = new int[newCapacity];
    used = 0;
    live = 0;
    liveBytes = 0;
    tombstones = 0;
  }

  /** Multiply-shift maps the fingerprint onto any capacity, not only powers of two. */
  private int home(long high) {
    return (int) (((high >>> 32) * capacity) >>> 32);
  }

  private int next(int i) {
    return i + 1 == capacity ? 0 : i + 1;
  }

  private static int toStored(long epochSecond) {
    long relative = epochSecond - EPOCH_BASE;
    return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, relative));
  }
}
