package io.sparkscale.backlog;

/**
 * One way to count what is waiting under a prefix, now, without caching: listing S3
 * ({@code s3.S3BacklogSource}), keeping a count from S3 event notifications
 * ({@code notifications.NotificationBacklogSource}). Each is one self-contained class; a {@link SourceRouter}
 * picks one per key by its {@link CountMode}, and the {@link BacklogCache} in front of the router shares,
 * reuses and times out counts for all of them alike. docs/scaler-internals.md says how to add one.
 */
@FunctionalInterface
public interface BacklogSource {

  /**
   * Counts the key. Blocking (it runs on the cache's counting workers, never on a gRPC thread); may take
   * long for big prefixes. The count says how long it may be reused ({@link BacklogCount#reuseFor()}).
   *
   * @throws SourceDeclinedException when this source cannot count the key right now and the router should
   *     ask its mode's fallback instead (the message says why)
   * @throws BacklogUnavailableException when no trustworthy count can be given (the cause says why)
   */
  BacklogCount count(CountKey key) throws BacklogUnavailableException;
}
