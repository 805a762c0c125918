package io.sparkscale.observability;

import io.sparkscale.backlog.CountKey;
import io.sparkscale.notifications.NotificationBacklogSource;
import io.sparkscale.notifications.NotificationListener;
import java.time.Duration;
import org.jboss.logging.Logger;

/** Metrics and log lines of notification mode (S3 events through SQS). */
public final class NotificationMetrics implements NotificationListener {

  private static final Logger LOG = Logger.getLogger(NotificationMetrics.class);

  private final MetricsRegistry registry;
  private final MetricsRegistry.Counter received;
  private final MetricsRegistry.Counter applied;
  private final MetricsRegistry.Counter malformed;
  private final MetricsRegistry.Counter receiveErrors;
  private final MetricsRegistry.Counter reconciles;
  private final MetricsRegistry.Counter driftTotal;
  private final MetricsRegistry.Counter listRequests;

  public NotificationMetrics(MetricsRegistry registry) {
    this.registry = registry;
    received = registry.counter("sparkscale_notification_events_total",
        "Object events received from notification queues.");
    applied = registry.counter("sparkscale_notification_events_applied_total",
        "Events that changed a count (not duplicates, older events or other prefixes).");
    malformed = registry.counter("sparkscale_notification_malformed_total",
        "Queue messages that were not S3 event notifications (logged and deleted).");
    receiveErrors = registry.counter("sparkscale_notification_receive_errors_total",
        "Failed SQS receives.");
    reconciles = registry.counter("sparkscale_notification_reconciles_total",
        "Seeding and reconciling listings of prefixes in notification mode.");
    driftTotal = registry.counter("sparkscale_notification_drift_objects_total",
        "Objects whose change a reconcile found but the queue had not delivered.");
    listRequests = registry.counter("sparkscale_notification_list_requests_total",
        "ListObjectsV2 requests made by seeding and reconciling.");
  }

  /** Gauges read from the source at scrape time. */
  public void observe(NotificationBacklogSource source) {
    registry.gauge("sparkscale_notification_drift_objects",
        "Drift found by each prefix's last reconcile, summed (0 when events told everything).",
        source::lastDrift);
    registry.gauge("sparkscale_notification_fallback_keys",
        "Prefixes in notification mode counted by listing now (queue failing, silent or split).",
        source::keysListing);
    registry.gauge("sparkscale_notification_queues_consumed", "Queues this replica consumes.",
        source::queuesConsumed);
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
  public void malformed(String queueUrl, String reason) {
    malformed.inc();
  }

  @Override
  public void receiveFailed(String queueUrl, String reason) {
    receiveErrors.inc();
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
    if (reason != null) {
      LOG.warnf("%s: %s", key.describe(), reason);
    } else {
      LOG.infof("%s: counting from notifications again", key.describe());
    }
  }
}
