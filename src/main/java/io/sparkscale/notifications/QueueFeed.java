package io.sparkscale.notifications;

import io.sparkscale.backlog.NotificationQueue;
import java.time.Instant;
import java.util.List;

/** A running consumer of one queue, as the counting core sees it; the SQS adapter implements it. */
public interface QueueFeed extends AutoCloseable {

  /** When a message last arrived; null if none yet. */
  Instant lastMessageAt();

  /** Why receiving fails right now (one line), or null while it works. */
  String failure();

  /**
   * When the last receive completed (with messages or without), or when the feed started if none has yet;
   * null if the feed cannot tell. Events older than this cannot be missing from what was applied, so a
   * count kept from this feed is as old as this instant.
   */
  default Instant lastReceiveAt() {
    return null;
  }

  /** Stops consuming; messages not yet received stay in the queue. */
  @Override
  void close();

  /** Starts consumers; each delivers the decoded events of every batch it receives to the sink. */
  @FunctionalInterface
  interface Starter {
    QueueFeed start(NotificationQueue queue, String region, Sink sink);
  }

  /** Receives decoded events; returns only once they are applied (the message may then be deleted). */
  @FunctionalInterface
  interface Sink {
    void accept(List<ObjectEvent> events);
  }
}
