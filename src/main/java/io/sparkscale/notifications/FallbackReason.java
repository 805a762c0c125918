package io.sparkscale.notifications;

import java.util.Locale;

/**
 * Why a trigger in notification mode counts by listing: a short fixed phrase for /readyz and a metric
 * label (a bounded set, unlike bucket or queue names).
 */
public enum FallbackReason {
  RECEIVE_FAILING("receiving from their queue fails"),
  RECEIVE_OVERDUE("no receive completed within max staleness"),
  QUEUE_SILENT("their queue is silent while listings find changes"),
  EVENTS_MISSING("their queue misses changes (another consumer, or notifications not covering the prefix)"),
  QUEUE_LIMIT("over the limit of consumed queues (--max-notification-queues)");

  final String summary;

  FallbackReason(String summary) {
    this.summary = summary;
  }

  /** "receive_failing": the metric label. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
