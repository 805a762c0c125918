package io.sparkscale.notifications;

import java.time.Instant;
import java.util.Objects;

/**
 * One object change from an S3 event notification, decoded: the key as stored (not URL-encoded).
 *
 * @param present true for ObjectCreated:*, false for ObjectRemoved:* (and delete markers)
 * @param size the object's size; 0 for removes, which do not carry one
 * @param time when S3 made the change (eventTime)
 */
public record ObjectEvent(
    String bucket, String key, boolean present, long size, Sequencer sequencer, Instant time) {

  public ObjectEvent {
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(sequencer, "sequencer");
    Objects.requireNonNull(time, "time");
    if (size < 0) {
      throw new IllegalArgumentException("negative size " + size + " for " + key);
    }
  }

  public static ObjectEvent created(String bucket, String key, long size, String sequencer, Instant time) {
    return new ObjectEvent(bucket, key, true, size, Sequencer.parse(sequencer), time);
  }

  public static ObjectEvent removed(String bucket, String key, String sequencer, Instant time) {
    return new ObjectEvent(bucket, key, false, 0, Sequencer.parse(sequencer), time);
  }
}
