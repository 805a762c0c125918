package io.sparkscale.sqs;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** Message bodies shaped as S3 and EventBridge send them (the documented JSON structure). */
public final class Notifications {

  private static final AtomicLong SEQUENCE = new AtomicLong(0x617F08299329D189L);

  private Notifications() {}

  /** A fresh sequencer, 18 hex digits with S3's leading zeros; later calls give greater ones. */
  public static String nextSequencer() {
    return String.format("00%016X", SEQUENCE.incrementAndGet());
  }

  /** S3 URL-encodes keys in notifications, a space as '+'. */
  static String encode(String key) {
    return URLEncoder.encode(key, StandardCharsets.UTF_8);
  }

  public static String s3Created(String bucket, String key, long size, String sequencer, Instant time) {
    return s3("ObjectCreated:Put", bucket, key, ",\"size\":" + size + ",\"eTag\":\"d41d8cd98f00b204e9800998ecf8427e\"",
        sequencer, time);
  }

  public static String s3Removed(String bucket, String key, String sequencer, Instant time) {
    return s3("ObjectRemoved:Delete", bucket, key, "", sequencer, time);
  }

  public static String s3(String eventName, String bucket, String key, String sizePart, String sequencer, Instant time) {
    return """
        {"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"us-east-1",\
        "eventTime":"%s","eventName":"%s","userIdentity":{"principalId":"AWS:AIDAEXAMPLE"},\
        "requestParameters":{"sourceIPAddress":"10.0.0.1"},\
        "responseElements":{"x-amz-request-id":"C3D13FE58DE4C810","x-amz-id-2":"FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD"},\
        "s3":{"s3SchemaVersion":"1.0","configurationId":"sparkscale","bucket":{"name":"%s",\
        "ownerIdentity":{"principalId":"A3NL1KOZZKExample"},"arn":"arn:aws:s3:::%s"},\
        "object":{"key":"%s"%s,"sequencer":"%s"}}}]}"""
        .formatted(time, eventName, bucket, bucket, encode(key), sizePart, sequencer);
  }

  /** One message carrying the records of several single-record S3 bodies, as S3 may batch them. */
  public static String records(java.util.List<String> bodies) {
    StringBuilder out = new StringBuilder("{\"Records\":[");
    for (int i = 0; i < bodies.size(); i++) {
      String body = bodies.get(i);
      String record = body.substring(body.indexOf('[') + 1, body.lastIndexOf(']'));
      out.append(i == 0 ? "" : ",").append(record);
    }
    return out.append("]}").toString();
  }

  static String eventBridge(String detailType, String bucket, String key, long size, String sequencer,
      Instant time) {
    return """
        {"version":"0","id":"17793124-05d4-b198-2fde-7ededc63b103","detail-type":"%s","source":"aws.s3",\
        "account":"123456789012","time":"%s","region":"us-east-1","resources":["arn:aws:s3:::%s"],\
        "detail":{"version":"0","bucket":{"name":"%s"},"object":{"key":"%s","size":%d,\
        "etag":"b1946ac92492d2347c6235b4d2611184","sequencer":"%s"},"request-id":"N4N7GDK58NMKJ12R",\
        "requester":"123456789012","reason":"PutObject"}}"""
        .formatted(detailType, time, bucket, bucket, encode(key), size, sequencer);
  }

  static String snsEnvelope(String message) {
    String escaped = message.replace("\\", "\\\\").replace("\"", "\\\"");
    return """
        {"Type":"Notification","MessageId":"22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324",\
        "TopicArn":"arn:aws:sns:us-east-1:123456789012:uploads","Subject":"Amazon S3 Notification",\
        "Message":"%s","Timestamp":"2026-01-01T00:00:00.000Z"}""".formatted(escaped);
  }

  static final String TEST_EVENT =
      "{\"Service\":\"Amazon S3\",\"Event\":\"s3:TestEvent\",\"Time\":\"2026-01-01T00:00:00.000Z\","
          + "\"Bucket\":\"landing\",\"RequestId\":\"5582815E1AEA5ADF\",\"HostId\":\"8cLeGAmw\"}";
}
