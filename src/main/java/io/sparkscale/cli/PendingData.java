package io.sparkscale.cli;

import io.sparkscale.backlog.BacklogCount;
import io.sparkscale.backlog.BacklogUnavailableException;
import io.sparkscale.cli.options.BucketLocationOptions;
import io.sparkscale.trigger.S3Location;
import io.sparkscale.trigger.ServerDefaults;
import io.sparkscale.trigger.TriggerParser;
import io.sparkscale.trigger.TriggerSpec;
import io.sparkscale.s3.S3BacklogSource;
import io.sparkscale.s3.S3Settings;
import java.util.List;
import java.util.Map;

/**
 * Measures the bytes waiting under s3://bucket/prefix with the scaler's own counter, so an init container
 * sizes a job from the data actually pending. Same rules as a trigger: folder markers never count.
 */
final class PendingData {

  /** Counting stops here; beyond it the byte total would be a lower bound, so it is refused instead. */
  static final long MAX_OBJECTS = 100_000_000;

  private PendingData() {}

  /** Path style whenever an endpoint is given (MinIO and the like want it), or when asked for. */
  static long measureBytes(S3Location location, BucketLocationOptions bucket) {
    String endpoint = bucket.endpoint();
    boolean pathStyle = endpoint != null || Boolean.TRUE.equals(bucket.forcePathStyle());
    ServerDefaults defaults = new ServerDefaults(endpoint, bucket.region(), pathStyle, List.of());
    TriggerSpec spec = new TriggerParser(defaults).parse(Map.of(
        "bucket", location.bucket(),
        "prefix", location.prefix(),
        "metric", "bytes",
        "targetBytes", "1",
        "scanLimit", Long.toString(MAX_OBJECTS)));
    try (S3BacklogSource source = new S3BacklogSource(S3Settings.defaults())) {
      BacklogCount count = source.count(spec.key());
      if (count.limitReached()) {
        throw new IllegalStateException(location + " holds more than " + MAX_OBJECTS
            + " objects; give --data-size as a size instead");
      }
      if (count.bytes() == 0) {
        throw new IllegalStateException("nothing to size: " + location + " holds no data ("
            + count.objects() + " objects)");
      }
      return count.bytes();
    } catch (BacklogUnavailableException e) {
      throw new IllegalStateException("cannot measure " + location + ": " + e.getMessage(), e);
    }
  }
}
