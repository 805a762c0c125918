package io.sparkscale.backlog;

import java.time.Duration;
import java.util.Objects;

/**
 * Where a count in notification mode hears about changes: an SQS queue that receives the bucket's
 * ObjectCreated and ObjectRemoved notifications (trigger key notificationQueueURL).
 *
 * @param queueUrl the validated queue URL
 * @param reconcileInterval a full listing this often corrects drift; zero for never
 * @param maxQueueSilence a queue that delivered nothing for longer, while a reconcile finds changes it
 *     did not report, is taken as broken and the count falls back to listing
 */
public record NotificationQueue(String queueUrl, Duration reconcileInterval, Duration maxQueueSilence) {

  public static final Duration DEFAULT_RECONCILE_INTERVAL = Duration.ofMinutes(15);
  public static final Duration DEFAULT_MAX_QUEUE_SILENCE = Duration.ofMinutes(10);

  public NotificationQueue {
    Objects.requireNonNull(queueUrl, "queueUrl");
    reconcileInterval = Objects.requireNonNullElse(reconcileInterval, DEFAULT_RECONCILE_INTERVAL);
    maxQueueSilence = Objects.requireNonNullElse(maxQueueSilence, DEFAULT_MAX_QUEUE_SILENCE);
    if (reconcileInterval.isNegative() || maxQueueSilence.isNegative() || maxQueueSilence.isZero()) {
      throw new IllegalArgumentException("negative or zero duration in " + queueUrl);
    }
  }

  /** Whether reconciling is off (reconcileInterval 0). */
  public boolean neverReconciles() {
    return reconcileInterval.isZero();
  }
}
