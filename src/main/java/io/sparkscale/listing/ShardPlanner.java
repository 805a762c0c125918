package io.sparkscale.listing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a prefix into disjoint key ranges from what the previous listing of the same count key saw: the
 * last key of its pages, in order. Ranges (-inf, b1], (b1, b2], ..., (bn, +inf) always cover every key,
 * whatever was added or deleted since, so the count stays exact; stale boundaries only unbalance them.
 *
 * <p>A boundary is cut before its first character at or above U+D800. S3 orders keys by UTF-8 bytes,
 * some S3-compatible stores (s3proxy) by UTF-16 code units; the two disagree only when a surrogate meets a
 * character in U+E000..U+FFFF, so with such boundaries both orders put every key in the same range and the
 * count is exact on either kind of store. A boundary need not be an existing key.
 *
 * <p>Small prefixes stay sequential: a shard costs at least one request, and below a few pages parallel
 * requests buy little. So do prefixes whose pages, one after the other, are listed within
 * {@code listWithin} (the cache period in `serve`): a count refreshed every 10 s gains nothing from
 * finishing in 2 s rather than 6, while parallel pages put the store's work into bursts; against a store on
 * the scaler's own cores (s3proxy in the hot-key benchmark, docs/performance.md) those bursts were what
 * doubled the callers' p99. A longer listing gets as few ranges as bring it within that time.
 *
 * @param shardFromPages the previous listing needed at least this many pages for sharding to start
 * @param pagesPerShard at least this many pages of the previous listing per shard
 * @param maxShards ranges at most (each is listed by one thread at a time)
 * @param listWithin a listing estimated to take at most this, page after page, is not split; zero: page
 *     counts alone decide
 */
public record ShardPlanner(int shardFromPages, int pagesPerShard, int maxShards, Duration listWithin) {

  public ShardPlanner {
    if (shardFromPages < 2 || pagesPerShard < 1 || maxShards < 1 || listWithin.isNegative()) {
      throw new IllegalArgumentException(
          "shardFromPages >= 2, pagesPerShard >= 1, maxShards >= 1, listWithin >= 0; got " + shardFromPages
              + ", " + pagesPerShard + ", " + maxShards + ", " + listWithin);
    }
  }

  /** Split by page counts alone, however fast the pages come. */
  public ShardPlanner(int shardFromPages, int pagesPerShard, int maxShards) {
    this(shardFromPages, pagesPerShard, maxShards, Duration.ZERO);
  }

  /** 8 or more pages taking over 10 s one after the other: up to 8 shards of at least 4 pages each. */
  public static ShardPlanner defaults() {
    return new ShardPlanner(8, 4, 8, Duration.ofSeconds(10));
  }

  /** The same, not splitting what is listed within this time (`serve` passes its cache period). */
  public ShardPlanner listingWithin(Duration time) {
    return new ShardPlanner(shardFromPages, pagesPerShard, maxShards, time);
  }

  /** By page counts alone, as for a listing that was not timed (tests). */
  public List<KeyRange> plan(List<String> pageEnds, long pages) {
    return plan(new PageEnds(pages, pageEnds));
  }

  /**
   * @param previous the previous listing of the key: its pages, their last keys (possibly a sample) and how
   *     long one page took when they were listed one after the other (zero when unknown)
   */
  public List<KeyRange> plan(PageEnds previous) {
    long pages = previous.pages();
    List<String> pageEnds = previous.keys();
    if (maxShards == 1 || pages < shardFromPages || pageEnds.isEmpty()) {
      return List.of(KeyRange.ALL);
    }
    int shards = (int) Math.min(maxShards, Math.max(1, pages / pagesPerShard));
    if (!listWithin.isZero() && !previous.pageTime().isZero()) {
      double sequentialNanos = (double) pages * previous.pageTime().toNanos();
      long needed = (long) Math.ceil(sequentialNanos / listWithin.toNanos());
      if (needed <= 1) {
        return List.of(KeyRange.ALL);
      }
      shards = (int) Math.min(shards, needed);
    }
    // The page ends are the candidate boundaries; never more shards than there are.
    shards = Math.min(shards, pageEnds.size());
    List<String> boundaries = new ArrayList<>();
    for (int i = 1; i < shards; i++) {
      // Evenly spaced among the page ends, so each range holds about the same number of pages.
      String boundary = safeBoundary(pageEnds.get((int) ((long) i * pageEnds.size() / shards) - 1));
      if (boundary.isEmpty()) {
        continue;
      }
      if (boundaries.isEmpty() || KeyOrder.compare(boundary, boundaries.get(boundaries.size() - 1)) > 0) {
        boundaries.add(boundary);
      }
    }
    List<KeyRange> ranges = new ArrayList<>(boundaries.size() + 1);
    String after = null;
    for (String boundary : boundaries) {
      ranges.add(new KeyRange(after, boundary));
      after = boundary;
    }
    ranges.add(new KeyRange(after, null));
    return List.copyOf(ranges);
  }

  /** The longest start of the key without characters at or above U+D800 (see the class comment). */
  static String safeBoundary(String key) {
    for (int i = 0; i < key.length(); i++) {
      if (key.charAt(i) >= '\uD800') {
        return key.substring(0, i);
      }
    }
    return key;
  }

  /**
   * Ranges covering every key after {@code after}, split at up to maxShards - 1 of the candidates (e.g.
   * the first delimiter level under the prefix), evenly spaced among those past {@code after}. Used for a
   * first count, when there are no page ends to go by.
   */
  public List<KeyRange> split(String after, List<String> candidates) {
    List<String> usable = new ArrayList<>();
    for (String candidate : candidates) {
      String boundary = safeBoundary(candidate);
      if (KeyOrder.compare(boundary, after) > 0
          && (usable.isEmpty() || KeyOrder.compare(boundary, usable.get(usable.size() - 1)) > 0)) {
        usable.add(boundary);
      }
    }
    int shards = Math.min(maxShards, usable.size() + 1);
    List<String> boundaries = new ArrayList<>();
    for (int i = 1; i < shards; i++) {
      boundaries.add(usable.get((int) ((long) i * usable.size() / shards)));
    }
    List<KeyRange> ranges = new ArrayList<>(boundaries.size() + 1);
    String from = after;
    for (String boundary : boundaries.stream().distinct().toList()) {
      ranges.add(new KeyRange(from, boundary));
      from = boundary;
    }
    ranges.add(new KeyRange(from, null));
    return List.copyOf(ranges);
  }
}
