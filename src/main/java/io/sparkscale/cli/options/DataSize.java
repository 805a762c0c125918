package io.sparkscale.cli.options;

import io.sparkscale.trigger.S3Location;
import io.sparkscale.units.Sizes;

/**
 * --data-size as typed: a size (500GB, 1TiB), or s3://bucket/prefix, whose pending data is measured when the
 * command runs (typically the backlog a trigger watches).
 *
 * @param bytes the size given; 0 when it is to be measured
 * @param location where to measure; null for a size given in bytes
 */
public record DataSize(long bytes, S3Location location) {

  public boolean measured() {
    return location != null;
  }

  /** Reads both spellings; the bucket name and the size are checked here, the measuring is the caller's. */
  public static final class Converter extends OptionConverter<DataSize> {
    public Converter() {
      super((option, text) -> S3Location.looksLike(text)
          ? new DataSize(0, S3Location.parse(option, text))
          : new DataSize(Sizes.parseDataBytes(option, text), null));
    }
  }
}
