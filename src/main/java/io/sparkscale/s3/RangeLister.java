package io.sparkscale.s3;

import io.sparkscale.backlog.CountKey;
import io.sparkscale.listing.KeyOrder;
import io.sparkscale.listing.KeyRange;
import io.sparkscale.listing.RequestBudget;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Lists one key range of a prefix page by page (start-after its lower bound, continuation tokens after),
 * counting matches into a shared {@link Tally}, and remembers the last key of each page it read.
 */
final class RangeLister {

  private final S3Client client;
  private final CountKey key;
  private final int pageSize;
  private final Instant newestCounted;
  private final Tally tally;
  private final RequestBudget budget;
  private final Set<String> claimed;

  /** @param claimed keys under a live claim: listed, never counted */
  RangeLister(S3Client client, CountKey key, int pageSize, Instant newestCounted, Tally tally,
      RequestBudget budget, Set<String> claimed) {
    this.budget = budget;
    this.claimed = claimed;
    this.client = client;
    this.key = key;
    this.pageSize = pageSize;
    this.newestCounted = newestCounted;
    this.tally = tally;
  }

  /**
   * @param pageEnds the last key of every page read (inside the range), ascending
   * @param more the listing stopped at maxPages with keys left
   */
  record Listed(List<String> pageEnds, boolean more) {}

  /** Lists the range, at most maxPages pages. */
  Listed list(KeyRange range, long maxPages) {
    long pages = 0;
    List<String> pageEnds = new ArrayList<>();
    ListObjectsV2Request.Builder request =
        ListObjectsV2Request.builder().bucket(key.bucket()).maxKeys(pageSize);
    if (!key.prefix().isEmpty()) {
      request.prefix(key.prefix());
    }
    if (range.after() != null) {
      request.startAfter(range.after());
    }
    String token = null;
    do {
      if (tally.stopped()) {
        break;
      }
      if (pages == maxPages) {
        return new Listed(pageEnds, true);
      }
      permit();
      ListObjectsV2Response page = client.listObjectsV2(request.continuationToken(token).build());
      tally.request();
      pages++;
      List<S3Object> contents = page.contents();
      String last = contents.isEmpty() ? null : contents.get(contents.size() - 1).key();
      if (last != null && !range.isBeyond(last)) {
        // Only keys inside the range: the shards' page ends then concatenate in ascending order.
        pageEnds.add(last);
      }
      if (!count(contents, range)) {
        break;
      }
      token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
    } while (token != null);
    return new Listed(pageEnds, false);
  }

  /**
   * One request: the common prefixes right under the prefix (delimiter "/") after {@code after}, in
   * order: boundaries for a first split. None for a flat prefix (the rest is then listed in one range).
   */
  List<String> firstLevel(String after) {
    ListObjectsV2Request.Builder request = ListObjectsV2Request.builder().bucket(key.bucket())
        .delimiter("/").maxKeys(1000).startAfter(after);
    if (!key.prefix().isEmpty()) {
      request.prefix(key.prefix());
    }
    permit();
    ListObjectsV2Response page = client.listObjectsV2(request.build());
    tally.request();
    List<String> candidates = new ArrayList<>();
    page.commonPrefixes().forEach(p -> {
      KeyOutsidePrefixException.check(key.prefix(), p.prefix());
      candidates.add(p.prefix());
    });
    candidates.sort(KeyOrder.UTF8);
    return candidates;
  }

  /** One permit of the shared request budget per request; an interrupt (shutdown) ends the listing. */
  private void permit() {
    try {
      budget.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw AbortedException.builder().message("interrupted while waiting for the list request budget").build();
    }
  }

  /** @return false when the listing of this range is over (past its end, limit reached or stopped) */
  private boolean count(List<S3Object> contents, KeyRange range) {
    for (S3Object object : contents) {
      String name = object.key();
      KeyOutsidePrefixException.check(key.prefix(), name);
      if (range.isBeyond(name)) {
        return false;
      }
      if (S3BacklogSource.counts(key, object, newestCounted) && !claimed.contains(name)
          && !tally.match(object.size() == null ? 0 : object.size())) {
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
