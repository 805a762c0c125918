package io.sparkscale.trigger;

import io.sparkscale.backlog.NotificationQueue;
import io.sparkscale.units.Durations;
import io.sparkscale.units.InvalidInputException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The trigger keys of notification mode: {@code notificationQueueURL} (its presence turns the mode on),
 * {@code reconcileInterval} (default 15m, 0 for never) and {@code maxQueueSilence} (default 10m).
 *
 * <p>The queue must be on AWS (sqs.REGION.amazonaws.com, or the legacy REGION.queue.amazonaws.com) or on
 * the server's `--sqs-endpoint`: like `endpoint`, a trigger must not send the scaler's identity's
 * requests to a host of its choosing.
 */
public final class NotificationOptions {

  public static final String QUEUE_URL = "notificationQueueURL";
  public static final String RECONCILE_INTERVAL = "reconcileInterval";
  public static final String MAX_QUEUE_SILENCE = "maxQueueSilence";
  public static final List<String> KEYS = List.of(QUEUE_URL, RECONCILE_INTERVAL, MAX_QUEUE_SILENCE);

  /** sqs.us-east-1.amazonaws.com, sqs.cn-north-1.amazonaws.com.cn, us-east-1.queue.amazonaws.com. */
  private static final Pattern AWS_HOST =
      Pattern.compile("(?:sqs\\.[a-z0-9-]+|[a-z0-9-]+\\.queue)\\.amazonaws\\.com(?:\\.cn)?");
  /** /ACCOUNT-ID/QUEUE-NAME: a 12-digit account, a name of up to 80 letters, digits, - and _. */
  private static final Pattern QUEUE_PATH = Pattern.compile("/\\d{12}/[A-Za-z0-9_-]{1,80}(?:\\.fifo)?");

  private NotificationOptions() {}

  /**
   * @param values the trigger's metadata, keys already canonical ({@code <key>FromEnv} resolved)
   * @return the queue settings, or null when notificationQueueURL is absent (listing mode)
   * @throws InvalidInputException naming the key that is wrong
   */
  public static NotificationQueue parse(Map<String, String> values, ServerDefaults defaults) {
    String url = values.get(QUEUE_URL);
    if (url == null) {
      for (String key : List.of(RECONCILE_INTERVAL, MAX_QUEUE_SILENCE)) {
        if (values.containsKey(key)) {
          throw new InvalidInputException(
              key + ": only applies with " + QUEUE_URL + "; add " + QUEUE_URL + " or remove " + key);
        }
      }
      return null;
    }
    String interval = values.get(RECONCILE_INTERVAL);
    Duration reconcile =
        interval == null
            ? NotificationQueue.DEFAULT_RECONCILE_INTERVAL
            : interval.strip().equals("0") ? Duration.ZERO : Durations.parse(RECONCILE_INTERVAL, interval);
    Duration silence =
        values.containsKey(MAX_QUEUE_SILENCE)
            ? Durations.parsePositive(MAX_QUEUE_SILENCE, values.get(MAX_QUEUE_SILENCE))
            : NotificationQueue.DEFAULT_MAX_QUEUE_SILENCE;
    return new NotificationQueue(queueUrl(url, defaults), reconcile, silence);
  }

  private static String queueUrl(String value, ServerDefaults defaults) {
    String text = value.strip();
    String accepted =
        "use an SQS queue URL such as https://sqs.us-east-1.amazonaws.com/123456789012/my-queue"
            + (defaults.sqsEndpoint().isEmpty()
                ? " (this server allows no other SQS endpoint; see serve --sqs-endpoint)"
                : " or a queue at this server's --sqs-endpoint " + defaults.sqsEndpoint());
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw InvalidInputException.badValue(QUEUE_URL, value, accepted);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
    if (host.isEmpty()
        || uri.getRawUserInfo() != null
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null
        || uri.getRawPath() == null
        || !QUEUE_PATH.matcher(uri.getRawPath()).matches()) {
      throw InvalidInputException.badValue(QUEUE_URL, value, accepted);
    }
    String origin = scheme + "://" + host + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
    boolean aws = scheme.equals("https") && uri.getPort() == -1 && AWS_HOST.matcher(host).matches();
    boolean allowed = !defaults.sqsEndpoint().isEmpty() && origin.equals(defaults.sqsEndpoint());
    if (!aws && !allowed) {
      throw InvalidInputException.badValue(QUEUE_URL, value, accepted);
    }
    return origin + uri.getRawPath();
  }
}
