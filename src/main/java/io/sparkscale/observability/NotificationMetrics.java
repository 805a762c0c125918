package io.sparkscale.observability;

import io.sparkscale.backlog.CountKey;
import io.sparkscale.notifications.NotificationBacklogSource;
import io.sparkscale.notifications.NotificationListener;
import io.sparkscale.units.SafeText;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * Metrics and log lines of notification mode (S3 events through SQS). Metrics carry no bucket, prefix or
 * queue (labels only from fixed sets); the log names them, at most one line per key or queue and kind a
 * minute, the next saying how many were held back.
 */
public final class NotificationMetrics implements NotificationListener {

  private static final Logger LOG = Logger.getLogger(NotificationMetrics.class);
  static final Duration LOG_EVERY = Duration.ofMinutes(1);

  private final MetricsRegistry registry;
  private final MetricsRegistry.Counter received;
  private final MetricsRegistry.Counter applied;
  private final MetricsRegistry.Counter malformed;
  private final MetricsRegistry.Counter badRecords;
  private final MetricsRegistry.Counter receiveErrors;
  private final MetricsRegistry.Counter reconciles;
  private final MetricsRegistry.Counter driftTotal;
  private final MetricsRegistry.Counter listRequests;
  private final MetricsRegistry.Counter queueLimit;
  private final LogLimiter logs;

  public NotificationMetrics(MetricsRegistry registry) {
    this(registry, System::nanoTime);
  }

  NotificationMetrics(MetricsRegistry registry, LongSupplier nanoTime) {
    this.registry = registry;
    this.logs = new LogLimiter(LOG_EVERY, nanoTime);
    received = registry.counter("sparkscale_notification_events_total",
        "Object events received from notification queues.");
    applied = registry.counter("sparkscale_notification_events_applied_total",
        "Events that changed a count (not duplicates, older events or other prefixes).");
    malformed = registry.counter("sparkscale_notification_malformed_total",
        "Received queue messages that were not S3 event notifications, by what was done with them: deleted"
            + " (the tenant policy grants the queue) or left in the queue for its owner.", "action");
    badRecords = registry.counter("sparkscale_notification_bad_records_total",
        "Records of S3 event notifications that could not be read (their messages' other records applied).");
    receiveErrors = registry.counter("sparkscale_notification_receive_errors_total",
        "Failed SQS receives.");
    reconciles = registry.counter("sparkscale_notification_reconciles_total",
        "Seeding and reconciling listings of prefixes in notification mode.");
    driftTotal = registry.counter("sparkscale_notification_drift_objects_total",
        "Objects whose change a reconcile found but the queue had not delivered.");
    listRequests = registry.counter("sparkscale_notification_list_requests_total",
        "ListObjectsV2 requests made by seeding and reconciling.");
    queueLimit = registry.counter("sparkscale_notification_queue_limit_refusals_total",
        "Triggers that count by listing because their queue would exceed --max-notification-queues.");
  }

  /** Gauges read from the source at scrape time. */
  public void observe(NotificationBacklogSource source) {
    registry.gauge("sparkscale_notification_drift_objects",
        "Drift found by each prefix's last reconcile, summed (0 when events told everything).",
        source::lastDrift);
    registry.gauge("sparkscale_notification_fallback_keys",
        "Prefixes in notification mode counted by listing now (queue failing, overdue, silent, split, or over"
            + " the queue limit).",
        source::keysListing);
    registry.gauges("sparkscale_notification_fallback_keys_by_reason",
        "Prefixes in notification mode counted by listing now, by reason.", "reason", () -> {
          Map<String, Integer> byLabel = new LinkedHashMap<>();
          source.keysListingByReason().forEach((reason, count) -> byLabel.put(reason.label(), count));
          return byLabel;
        });
    registry.gauge("sparkscale_notification_queues_consumed", "Queues this replica consumes.",
        source::queuesConsumed);
    registry.gauge("sparkscale_notification_queues_max", "The most queues this replica consumes at once"
        + " (--max-notification-queues).", source::maxQueues);
    registry.gauge("sparkscale_notification_pending_keys",
        "Keys held in memory for notification mode, tombstones included.", source::heldKeys);
    registry.gauge("sparkscale_notification_memory_bytes",
        "Heap held by the pending-key tables.", source::memoryBytes);
  }

  @Override
  public void applied(int receivedEvents, int changed) {
    received.add(receivedEvents);
    applied.add(changed);
  }

  @Override
  public void malformed(String queueUrl, String messageId, String reason, boolean deleted) {
    malformed.inc(deleted ? "deleted" : "left");
    long held = logs.admit(queueUrl + " malformed");
    if (held >= 0) {
      LOG.warnf("message %s in %s is not an S3 event notification (%s); %s%s", SafeText.quote(messageId), queueUrl,
          SafeText.quote(reason), deleted ? "deleted (the tenant policy grants this queue)"
              : "left in the queue for its owner: a queue for notifications must receive nothing else",
          heldBack(held));
    }
  }

  @Override
  public void badRecords(String queueUrl, int records, String firstProblem) {
    badRecords.add(records);
    long held = logs.admit(queueUrl + " bad records");
    if (held >= 0) {
      LOG.warnf("%d record(s) of a notification from %s could not be read (%s); its other records were applied%s",
          records, queueUrl, SafeText.quote(firstProblem), heldBack(held));
    }
  }

  @Override
  public void receiveFailed(String queueUrl, String reason) {
    receiveErrors.inc();
  }

  @Override
  public void queueLimitReached(CountKey key, int maxQueues) {
    queueLimit.inc();
    long held = logs.admit(NotificationMetrics.class);
    if (held >= 0) {
      LOG.warnf("%s counts by listing: this replica already consumes %d queues (--max-notification-queues)%s",
          key.describe(), maxQueues, heldBack(held));
    }
  }

  @Override
  public void reconciled(CountKey key, boolean seed, long drift, long requests, Duration took) {
    reconciles.inc();
    listRequests.add(requests);
    driftTotal.add(drift);
    String what = seed ? "seeded" : "reconciled";
    if (drift > 0) {
      LOG.warnf("%s %s in %d ms (%d list requests): drift of %d objects the queue did not deliver;"
          + " corrected", what, key.describe(), took.toMillis(), requests, drift);
    } else {
      LOG.infof("%s %s in %d ms (%d list requests), no drift", what, key.describe(), took.toMillis(),
          requests);
    }
  }

  @Override
  public void modeChanged(CountKey key, String reason) {
    long held = logs.admit(key);
    if (held < 0) {
      LOG.debugf("%s: %s", key.describe(), reason == null ? "counting from notifications again" : reason);
    } else if (reason != null) {
      LOG.warnf("%s: %s%s", key.describe(), reason, heldBack(held));
    } else {
      LOG.infof("%s: counting from notifications again%s", key.describe(), heldBack(held));
    }
  }

  private static String heldBack(long held) {
    return held == 0 ? "" : " (" + held + " more such line(s) in the last minute not logged)";
  }
}
