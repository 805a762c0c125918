package io.sparkscale.trigger;

import io.sparkscale.units.Durations;
import io.sparkscale.units.InvalidInputException;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Checks behind the notification-mode rows of {@link TriggerKeys}: {@code notificationQueueURL} (its
 * presence turns the mode on), {@code reconcileInterval} (default 15m, 0 for never) and
 * {@code maxQueueSilence} (default 10m).
 *
 * <p>The queue must be on AWS (sqs.REGION.amazonaws.com, or the legacy REGION.queue.amazonaws.com) or on
 * the server's `--sqs-endpoint`: like `endpoint`, a trigger must not send the scaler's identity's
 * requests to a host of its choosing.
 */
public final class NotificationOptions {

  public static final String QUEUE_URL = "notificationQueueURL";
  static final String QUEUE_URL_HELP =
      "use an SQS queue URL such as https://sqs.us-east-1.amazonaws.com/123456789012/my-queue";
  /** A day: drift found later than that is drift served for a day. */
  static final Duration MAX_RECONCILE_INTERVAL = Duration.ofDays(1);
  static final Duration MAX_QUEUE_SILENCE = Duration.ofDays(1);

  /** sqs.us-east-1.amazonaws.com, sqs.cn-north-1.amazonaws.com.cn, us-east-1.queue.amazonaws.com. */
  private static final Pattern AWS_HOST =
      Pattern.compile("(?:sqs\\.[a-z0-9-]+|[a-z0-9-]+\\.queue)\\.amazonaws\\.com(?:\\.cn)?");

  private NotificationOptions() {}

  static Duration positiveAtMost(String name, String value, Duration max) {
    Durations.parsePositive(name, value);
    return Durations.parseAtMost(name, value, max);
  }

  /** The queue URL normalised ({@link QueueUrls}), if it is on AWS or on this server's --sqs-endpoint. */
  static String queueUrl(String value, ServerDefaults defaults) {
    String accepted =
        QUEUE_URL_HELP
            + (defaults.sqsEndpoint().isEmpty()
                ? " (this server allows no other SQS endpoint; see serve --sqs-endpoint)"
                : " or a queue at this server's --sqs-endpoint " + defaults.sqsEndpoint());
    String normalized = QueueUrls.normalize(value);
    if (normalized == null) {
      throw InvalidInputException.badValue(QUEUE_URL, value, accepted);
    }
    String origin = QueueUrls.originOf(normalized);
    String host = origin.substring(origin.indexOf("://") + 3);
    boolean aws = origin.startsWith("https://") && AWS_HOST.matcher(host).matches();
    boolean allowed = !defaults.sqsEndpoint().isEmpty() && origin.equals(defaults.sqsEndpoint());
    if (!aws && !allowed) {
      throw InvalidInputException.badValue(QUEUE_URL, value, accepted);
    }
    return normalized;
  }
}
