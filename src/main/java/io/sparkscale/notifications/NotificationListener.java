package io.sparkscale.notifications;

import io.sparkscale.backlog.CountKey;
import java.time.Duration;

/** What notification mode reports for metrics and logs; every method defaults to nothing. */
public interface NotificationListener {

  NotificationListener NONE = new NotificationListener() {};

  /** A batch of events was received: how many, and how many changed a count (not duplicates or older). */
  default void applied(int received, int changed) {}

  /**
   * A message was not an S3 event notification (another application's, or garbage). It was deleted only
   * when the tenant policy grants the queue; otherwise it was left for its owner.
   */
  default void malformed(String queueUrl, String messageId, String reason, boolean deleted) {}

  /** Records of a notification that could not be read; the message's other records were applied. */
  default void badRecords(String queueUrl, int records, String firstProblem) {}

  /** Receiving from the queue failed. */
  default void receiveFailed(String queueUrl, String reason) {}

  /** A seeding (drift 0) or reconciling listing finished. */
  default void reconciled(CountKey key, boolean seed, long drift, long listRequests, Duration took) {}

  /** A key's queue would be one more than the most consumed at once: the key counts by listing. */
  default void queueLimitReached(CountKey key, int maxQueues) {}

  /** The key now counts by listing (reason), or back from events (reason null). */
  default void modeChanged(CountKey key, String reason) {}
}
