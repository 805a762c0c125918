package io.sparkscale.s3;

import io.sparkscale.backlog.CountKey;
import io.sparkscale.listing.KeyOrder;
import io.sparkscale.listing.KeyRange;
import io.sparkscale.listing.RequestBudget;
import io.sparkscale.notifications.KeyListing.ListedObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.core.exception.AbortedException;

/**
 * Lists one key range of a prefix page by page (start-after its lower bound, continuation tokens after),
 * counting matches into a shared {@link Tally}, and remembers the last key of each page it read.
 */
final class RangeLister {

  private final PageRequests pages;
  private final CountKey key;
  private final int pageSize;
  private final Instant newestCounted;
  private final Tally tally;
  private final RequestBudget budget;
  private final Set<String> claimed;

  /** @param claimed keys under a live claim: listed, never counted */
  RangeLister(PageRequests pages, CountKey key, int pageSize, Instant newestCounted, Tally tally,
      RequestBudget budget, Set<String> claimed) {
    this.budget = budget;
    this.claimed = claimed;
    this.pages = pages;
    this.key = key;
    this.pageSize = pageSize;
    this.newestCounted = newestCounted;
    this.tally = tally;
  }

  /**
   * @param pageEnds the last key of every page read (inside the range), ascending
   * @param more the listing stopped at maxPages with keys left
   * @param pages pages read
   * @param nanos time it took
   */
  record Listed(List<String> pageEnds, boolean more, long pages, long nanos) {

    /** The mean time of a page; zero when none was read. */
    Duration pageTime() {
      return pages == 0 ? Duration.ZERO : Duration.ofNanos(nanos / pages);
    }
  }

  /** Lists the range, at most maxPages pages. */
  Listed list(KeyRange range, long maxPages) {
    long started = System.nanoTime();
    long read = 0;
    List<String> pageEnds = new ArrayList<>();
    PageRequests.Query query =
        new PageRequests.Query(key.bucket(), key.prefix(), null, pageSize, range.after(), null);
    String token = null;
    do {
      if (tally.stopped()) {
        break;
      }
      if (read == maxPages) {
        return new Listed(pageEnds, true, read, System.nanoTime() - started);
      }
      ListPage page = pages.list(query.withToken(token), this::beforeRequest);
      read++;
      List<ListedObject> contents = page.contents();
      String last = contents.isEmpty() ? null : contents.get(contents.size() - 1).key();
      if (last != null && !range.isBeyond(last)) {
        // Only keys inside the range: the shards' page ends then concatenate in ascending order.
        pageEnds.add(last);
      }
      if (!count(contents, range)) {
        break;
      }
      token = page.next();
    } while (token != null);
    return new Listed(pageEnds, false, read, System.nanoTime() - started);
  }

  /**
   * One request: the common prefixes right under the prefix (delimiter "/") after {@code after}, in
   * order: boundaries for a first split. None for a flat prefix (the rest is then listed in one range).
   */
  List<String> firstLevel(String after) {
    ListPage page = pages.list(
        new PageRequests.Query(key.bucket(), key.prefix(), "/", 1000, after, null), this::beforeRequest);
    List<String> candidates = new ArrayList<>();
    page.commonPrefixes().forEach(p -> {
      KeyOutsidePrefixException.check(key.prefix(), p);
      candidates.add(p);
    });
    candidates.sort(KeyOrder.UTF8);
    return candidates;
  }

  /** One permit of the shared request budget per request; an interrupt (shutdown) ends the listing. */
  private void beforeRequest() {
    tally.request();
    try {
      budget.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw AbortedException.builder().message("interrupted while waiting for the list request budget").build();
    }
  }

  /** @return false when the listing of this range is over (past its end, limit reached or stopped) */
  private boolean count(List<ListedObject> contents, KeyRange range) {
    for (ListedObject object : contents) {
      String name = object.key();
      KeyOutsidePrefixException.check(key.prefix(), name);
      if (range.isBeyond(name)) {
        return false;
      }
      if (S3BacklogSource.counts(key, object, newestCounted) && !claimed.contains(name)
          && !tally.match(object.size())) {
        return false;
      }
      if (name.equals(range.upTo())) {
        // The range's last key: nothing after it belongs here, so no request to find that out.
        return false;
      }
    }
    return !tally.stopped();
  }
}
