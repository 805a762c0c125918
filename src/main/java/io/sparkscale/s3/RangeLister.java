package io.sparkscale.s3;

import io.sparkscale.backlog.CountKey;
import io.sparkscale.backlog.KeyRange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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

  RangeLister(S3Client client, CountKey key, int pageSize, Instant newestCounted, Tally tally) {
    this.client = client;
    this.key = key;
    this.pageSize = pageSize;
    this.newestCounted = newestCounted;
    this.tally = tally;
  }

  /** @return the last key of every page read, ascending */
  List<String> list(KeyRange range) {
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
      ListObjectsV2Response page = client.listObjectsV2(request.continuationToken(token).build());
      tally.request();
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
    return pageEnds;
  }

  /** @return false when the listing of this range is over (past its end, limit reached or stopped) */
  private boolean count(List<S3Object> contents, KeyRange range) {
    for (S3Object object : contents) {
      String name = object.key();
      if (range.isBeyond(name)) {
        return false;
      }
      if (S3BacklogSource.counts(key, object, newestCounted)
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
