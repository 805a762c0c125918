package io.sparkscale.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkscale.backlog.CountKey;
import io.sparkscale.backlog.NotificationQueue;
import io.sparkscale.units.InvalidInputException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The notification-mode trigger keys, through the trigger parser as KEDA's metadata arrives. */
class NotificationOptionsTest {

  static final String AWS_QUEUE = "https://sqs.eu-west-1.amazonaws.com/123456789012/uploads";
  static final ServerDefaults DEFAULTS =
      new ServerDefaults("", "eu-west-1", false, List.of()).withSqsEndpoint("http://ElasticMQ:9324/");
  final TriggerParser parser = new TriggerParser(DEFAULTS);

  static Map<String, String> meta(String... keyValues) {
    Map<String, String> map = new HashMap<>();
    map.put("bucket", "landing");
    map.put("prefix", "in/");
    for (int i = 0; i < keyValues.length; i += 2) {
      map.put(keyValues[i], keyValues[i + 1]);
    }
    return map;
  }

  @Test
  void queueUrlTurnsTheModeOnWithDefaults() {
    NotificationQueue queue = parser.parse(meta("notificationQueueURL", AWS_QUEUE)).key().notifications();
    assertThat(queue).isEqualTo(new NotificationQueue(AWS_QUEUE, Duration.ofMinutes(15), Duration.ofMinutes(10)));
    assertThat(parser.parse(meta()).key().notifications()).isNull();
  }

  @Test
  void intervalsAreParsedAndZeroMeansNever() {
    NotificationQueue queue = parser.parse(meta("notificationQueueURLFromEnv", AWS_QUEUE,
        "reconcileInterval", "0", "maxQueueSilence", "2m")).key().notifications();
    assertThat(queue.neverReconciles()).isTrue();
    assertThat(queue.maxQueueSilence()).isEqualTo(Duration.ofMinutes(2));
    assertThat(parser.parse(meta("notificationQueueURL", AWS_QUEUE, "reconcileInterval", "1h"))
        .key().notifications().reconcileInterval()).isEqualTo(Duration.ofHours(1));
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "https://sqs.us-east-1.amazonaws.com/123456789012/q",
    "https://us-west-2.queue.amazonaws.com/123456789012/q_1-x",
    "https://sqs.cn-north-1.amazonaws.com.cn/123456789012/q",
    "http://elasticmq:9324/000000000000/q",
    "https://sqs.us-east-1.amazonaws.com/123456789012/events.fifo"
  })
  void acceptsAwsHostsAndTheServersSqsEndpoint(String url) {
    assertThat(parser.parse(meta("notificationQueueURL", url)).key().notifications().queueUrl())
        .isEqualToIgnoringCase(url);
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "https://evil.example.com/123456789012/q",
    "http://sqs.us-east-1.amazonaws.com/123456789012/q",
    "https://sqs.us-east-1.amazonaws.com.evil.io/123456789012/q",
    "http://elasticmq:9325/000000000000/q",
    "https://sqs.us-east-1.amazonaws.com/123/q",
    "https://sqs.us-east-1.amazonaws.com/123456789012/q?Action=x",
    "https://user@sqs.us-east-1.amazonaws.com/123456789012/q",
    "sqs.us-east-1.amazonaws.com/123456789012/q",
    "not a url",
    // forms a server might read differently from the text: refused, never normalised
    "https://sqs.us-east-1.amazonaws.com/123456789012/../123456789012/q",
    "https://sqs.us-east-1.amazonaws.com/123456789012/./q",
    "https://sqs.us-east-1.amazonaws.com/123456789012/%71",
    "https://sqs.us-east-1.amazonaws.com/123456789012//q",
    "https://sqs.us-east-1.amazonaws.com/123456789012/q/",
    "https://sqs.us-east-1.amazonaws.com./123456789012/q",
    "https://sqs%2eus-east-1.amazonaws.com/123456789012/q",
    "https://sqs.us-east-1.amazonaws.com/123456789012/q#x"
  })
  void refusesOtherHostsAndShapesNamingTheKey(String url) {
    assertThatThrownBy(() -> parser.parse(meta("notificationQueueURL", url)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("notificationQueueURL: ")
        .hasMessageContaining("--sqs-endpoint");
  }

  /** One spelling per queue, so a tenant policy's entry and a trigger's URL compare as strings. */
  @ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({
    "HTTPS://SQS.us-east-1.AmazonAWS.com/123456789012/q, https://sqs.us-east-1.amazonaws.com/123456789012/q",
    "https://sqs.us-east-1.amazonaws.com:443/123456789012/q, https://sqs.us-east-1.amazonaws.com/123456789012/q",
    "http://ElasticMQ:9324/000000000000/Q, http://elasticmq:9324/000000000000/Q",
  })
  void queueUrlsAreNormalised(String given, String normalised) {
    assertThat(parser.parse(meta("notificationQueueURL", given)).key().notifications().queueUrl())
        .isEqualTo(normalised);
    assertThat(QueueUrls.normalize(given)).isEqualTo(normalised);
  }

  @Test
  void withoutAnSqsEndpointOnlyAwsIsAllowed() {
    TriggerParser aws = new TriggerParser(ServerDefaults.aws());
    assertThatThrownBy(() -> aws.parse(meta("notificationQueueURL", "http://elasticmq:9324/000000000000/q")))
        .hasMessageContaining("allows no other SQS endpoint");
  }

  @Test
  void intervalKeysWithoutAQueueOrWithBadValuesAreRefused() {
    assertThatThrownBy(() -> parser.parse(meta("reconcileInterval", "5m")))
        .hasMessage("reconcileInterval: only applies with notificationQueueURL; add notificationQueueURL or"
            + " remove reconcileInterval");
    assertThatThrownBy(() -> parser.parse(meta("notificationQueueURL", AWS_QUEUE, "reconcileInterval", "soon")))
        .hasMessageStartingWith("reconcileInterval: ");
    assertThatThrownBy(() -> parser.parse(meta("notificationQueueURL", AWS_QUEUE, "maxQueueSilence", "0")))
        .hasMessageStartingWith("maxQueueSilence: ");
  }

  @Test
  void theMetricNameDoesNotDependOnHowTheCountIsKept() {
    TriggerSpec listed = parser.parse(meta());
    TriggerSpec notified = parser.parse(meta("notificationQueueURL", AWS_QUEUE));
    assertThat(notified.metricName()).isEqualTo(listed.metricName());
    CountKey key = notified.key();
    assertThat(key).isNotEqualTo(listed.key()); // still two cache entries: they are counted differently
  }
}
