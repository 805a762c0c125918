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

  public static List<ObjectEvent> parse(String body) throws MalformedMessageException {
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
    if (root.has("Records")) {
      return s3Records(body);
    }
    if ("s3:TestEvent".equals(root.path("Event").asText(null))) {
      return List.of();
    }
    if ("Notification".equals(root.path("Type").asText(null)) && root.path("Message").isTextual()) {
      return parse(root.get("Message").asText());
    }
    if (root.has("detail-type") && root.path("detail").isObject()) {
      return eventBridge(root);
    }
    throw new MalformedMessageException(
        "neither an S3 event notification (Records), an SNS envelope nor an EventBridge event");
  }

  private static List<ObjectEvent> s3Records(String body) throws MalformedMessageException {
    S3EventNotification notification;
    try {
      notification = S3EventNotification.fromJson(body);
    } catch (RuntimeException e) {
      throw new MalformedMessageException("unreadable S3 event notification: " + e.getMessage());
    }
    List<ObjectEvent> events = new ArrayList<>();
    for (S3EventNotificationRecord record : notification.getRecords()) {
      String name = record.getEventName() == null ? "" : record.getEventName();
      name = name.startsWith("s3:") ? name.substring(3) : name;
      boolean created = name.startsWith("ObjectCreated:");
      // Lifecycle expiry removes objects too, under its own event type.
      boolean removed = name.startsWith("ObjectRemoved:") || name.startsWith("LifecycleExpiration:Delete");
      if (!created && !removed) {
        continue;
      }
      S3 s3 = record.getS3();
      if (s3 == null || s3.getBucket() == null || s3.getObject() == null) {
        throw new MalformedMessageException(name + " record without s3.bucket or s3.object");
      }
      Long size = s3.getObject().getSizeAsLong();
      events.add(event(
          s3.getBucket().getName(), s3.getObject().getKey(), created, size == null ? 0 : size,
          s3.getObject().getSequencer(), record.getEventTime()));
    }
    return events;
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
