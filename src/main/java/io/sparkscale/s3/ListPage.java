package io.sparkscale.s3;

import io.sparkscale.notifications.KeyListing.ListedObject;
import java.util.List;

/**
 * One ListObjectsV2 page, only what counting reads: the objects, the common prefixes (delimiter requests),
 * and where the next page starts.
 *
 * @param nextContinuationToken null on the last page
 */
record ListPage(List<ListedObject> contents, List<String> commonPrefixes, boolean truncated,
    String nextContinuationToken) {

  ListPage {
    contents = List.copyOf(contents);
    commonPrefixes = List.copyOf(commonPrefixes);
  }

  /** The token to ask the next page with, or null when this page was the last. */
  String next() {
    return truncated ? nextContinuationToken : null;
  }
}
