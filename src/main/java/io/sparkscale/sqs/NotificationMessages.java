package io.sparkscale.sqs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkscale.notifications.ObjectEvent;
import io.sparkscale.notifications.Sequencer;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.eventnotifications.s3.model.S3;
import software.amazon.awssdk.eventnotifications.s3.model.S3EventNotification;
import software.amazon.awssdk.eventnotifications.s3.model.S3EventNotificationRecord;

/**
 * Reads an SQS message body as the object changes it reports. Three shapes arrive in practice:
 *
 * <ul>
 *   <li>S3 event notifications ({@code Records}, parsed with the AWS SDK's s3-event-notifications
 *       module); keys are URL-encoded ('+' for a space) and decoded here;
 *   <li>the same wrapped in an SNS envelope ({@code Type: Notification}, when SNS fans out to SQS
 *       without raw delivery);
 *   <li>EventBridge events ({@code detail-type} "Object Created" / "Object Deleted", with
 *       {@code detail.object.sequencer}); their keys are decoded the same way.
 * </ul>
 *
 * <p>ObjectCreated:* adds, ObjectRemoved:* and LifecycleExpiration:Delete* remove. S3's {@code s3:TestEvent} (sent when notifications are configured) and other event types (restore,
 * tagging, lifecycle transition) report no change to what is pending and yield no events.
 */
public final class NotificationMessages {

  private static final ObjectMapper JSON = new ObjectMapper();

  private NotificationMessages() {}

  /** A message body that is not a notification this scaler can read. */
  public static final class MalformedMessageException extends Exception {
    MalformedMessageException(String message) {
      super(message);
    }
  }

  /**
   * What one message carried: the events of its good records, and how many records could not be read
   * (a bad sequencer, key or size). One bad record does not cost the others.
   */
  public record Parsed(List<ObjectEvent> events, int badRecords, String firstProblem) {}

  /**
   * Every event of the message, or the first problem: the strict reading, for tests and benchmarks.
   *
   * @throws MalformedMessageException when the message is not a notification or any record is bad
   */
  public static List<ObjectEvent> parse(String body) throws MalformedMessageException {
    Parsed parsed = read(body);
    if (parsed.badRecords() > 0) {
      throw new MalformedMessageException(parsed.firstProblem());
    }
    return parsed.events();
  }

  /**
   * The good records' events and a count of the bad ones.
   *
   * @throws MalformedMessageException when the message is not an S3 event notification at all (another
   *     application's message in the queue)
   */
  public static Parsed read(String body) throws MalformedMessageException {
    if (body != null && body.startsWith("{\"Records\"")) {
      return s3Records(body); // S3's own shape, as S3 writes it: skip the generic read
    }
    JsonNode root;
    try {
      root = JSON.readTree(body == null ? "" : body);
    } catch (JsonProcessingException e) {
      throw new MalformedMessageException("not JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new MalformedMessageException("not a JSON object");
    }
    if (root.path("Records").isArray()) {
      return s3Records(body);
    }
    if ("s3:TestEvent".equals(root.path("Event").asText(null))) {
      return new Parsed(List.of(), 0, null);
    }
    if ("Notification".equals(root.path("Type").asText(null)) && root.path("Message").isTextual()) {
      return read(root.get("Message").asText());
    }
    if (root.has("detail-type") && root.path("detail").isObject()) {
      try {
        return new Parsed(eventBridge(root), 0, null);
      } catch (MalformedMessageException e) {
        return new Parsed(List.of(), 1, e.getMessage());
      }
    }
    throw new MalformedMessageException(
        "neither an S3 event notification (Records), an SNS envelope nor an EventBridge event");
  }

  private static Parsed s3Records(String body) throws MalformedMessageException {
    List<S3EventNotificationRecord> records;
    try {
      records = S3EventNotification.fromJson(body).getRecords();
    } catch (RuntimeException whole) {
      return recordByRecord(body, whole);
    }
    Records out = new Records();
    for (S3EventNotificationRecord record : records) {
      out.add(record);
    }
    return out.parsed();
  }

  /** The SDK could not read the message as a whole: read each record alone, so one bad record costs only itself. */
  private static Parsed recordByRecord(String body, RuntimeException whole) throws MalformedMessageException {
    JsonNode records;
    try {
      records = JSON.readTree(body).path("Records");
    } catch (JsonProcessingException e) {
      throw new MalformedMessageException("not JSON: " + e.getOriginalMessage());
    }
    if (!records.isArray()) {
      throw new MalformedMessageException("unreadable S3 event notification: " + whole.getMessage());
    }
    Records out = new Records();
    for (JsonNode record : records) {
      List<S3EventNotificationRecord> one;
      try {
        one = S3EventNotification.fromJson("{\"Records\":[" + record + "]}").getRecords();
      } catch (RuntimeException e) {
        out.bad("unreadable S3 event record: " + e.getMessage());
        continue;
      }
      one.forEach(out::add);
    }
    return out.parsed();
  }

  /** Events of the good records of one message, and the bad ones counted. */
  private static final class Records {
    final List<ObjectEvent> events = new ArrayList<>();
    int bad;
    String firstProblem;

    void add(S3EventNotificationRecord record) {
      try {
        ObjectEvent event = s3Record(record);
        if (event != null) {
          events.add(event);
        }
      } catch (MalformedMessageException e) {
        bad(e.getMessage());
      }
    }

    void bad(String problem) {
      bad++;
      firstProblem = firstProblem == null ? problem : firstProblem;
    }

    Parsed parsed() {
      return new Parsed(events, bad, firstProblem);
    }
  }

  /** The record's change, or null for event types that change nothing pending. */
  private static ObjectEvent s3Record(S3EventNotificationRecord record) throws MalformedMessageException {
    String name = record.getEventName() == null ? "" : record.getEventName();
    name = name.startsWith("s3:") ? name.substring(3) : name;
    boolean created = name.startsWith("ObjectCreated:");
    // Lifecycle expiry removes objects too, under its own event type.
    boolean removed = name.startsWith("ObjectRemoved:") || name.startsWith("LifecycleExpiration:Delete");
    if (!created && !removed) {
      return null;
    }
    S3 s3 = record.getS3();
    if (s3 == null || s3.getBucket() == null || s3.getObject() == null) {
      throw new MalformedMessageException(name + " record without s3.bucket or s3.object");
    }
    Long size = s3.getObject().getSizeAsLong();
    return event(s3.getBucket().getName(), s3.getObject().getKey(), created, size == null ? 0 : size,
        s3.getObject().getSequencer(), record.getEventTime());
  }

  private static List<ObjectEvent> eventBridge(JsonNode root) throws MalformedMessageException {
    String type = root.path("detail-type").asText("");
    boolean created = type.equals("Object Created");
    if (!created && !type.equals("Object Deleted")) {
      return List.of();
    }
    JsonNode detail = root.get("detail");
    Instant time;
    try {
      time = root.hasNonNull("time") ? Instant.parse(root.get("time").asText()) : null;
    } catch (DateTimeParseException e) {
      throw new MalformedMessageException("EventBridge time is not an ISO-8601 instant");
    }
    JsonNode object = detail.path("object");
    return List.of(event(
        detail.path("bucket").path("name").asText(null), object.path("key").asText(null), created,
        object.path("size").asLong(0), object.path("sequencer").asText(null), time));
  }

  private static ObjectEvent event(
      String bucket, String encodedKey, boolean created, long size, String sequencer, Instant time)
      throws MalformedMessageException {
    if (bucket == null || bucket.isEmpty() || encodedKey == null || encodedKey.isEmpty()) {
      throw new MalformedMessageException("event without bucket name or object key");
    }
    String key;
    try {
      key = URLDecoder.decode(encodedKey, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new MalformedMessageException("object key is not URL-encoded: " + e.getMessage());
    }
    Sequencer order;
    try {
      order = Sequencer.parse(sequencer);
    } catch (IllegalArgumentException e) {
      throw new MalformedMessageException("object " + key + ": " + e.getMessage());
    }
    if (size < 0) {
      throw new MalformedMessageException("object " + key + ": negative size");
    }
    // Without an event time the object's age is unknown; treating it as new only delays its count.
    return new ObjectEvent(bucket, key, created, created ? size : 0, order, time == null ? Instant.now() : time);
  }
}
