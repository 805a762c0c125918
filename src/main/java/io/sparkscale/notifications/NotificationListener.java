package io.sparkscale.notifications;

import io.sparkscale.backlog.CountKey;
import java.time.Duration;

/** What notification mode reports for metrics and logs; every method defaults to nothing. */
public interface NotificationListener {

  NotificationListener NONE = new NotificationListener() {};

  /** A batch of events was received: how many, and how many changed a count (not duplicates or older). */
  default void applied(int received, int changed) {}

  /** A message could not be read as an S3 event notification; it was deleted. */
  default void malformed(String queueUrl, String reason) {}

  /** Receiving from the queue failed. */
  default void receiveFailed(String queueUrl, String reason) {}

  /** A seeding (drift 0) or reconciling listing finished. */
  default void reconciled(CountKey key, boolean seed, long drift, long listRequests, Duration took) {}

  /** The key now counts by listing (reason), or back from events (reason null). */
  default void modeChanged(CountKey key, String reason) {}
}
