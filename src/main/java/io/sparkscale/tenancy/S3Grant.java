package io.sparkscale.tenancy;

import io.sparkscale.trigger.LiteralPrefix;
import io.sparkscale.trigger.S3Location;
import io.sparkscale.units.InvalidInputException;
import java.util.Objects;

/**
 * One entry of a namespace's list: a whole bucket ({@code s3://lake-a/}) or a folder in it
 * ({@code s3://shared/inbox/team-b/}). A folder is matched on path boundaries: {@code inbox/team-b}
 * is read as {@code inbox/team-b/}, so it never grants {@code inbox/team-bad/}.
 *
 * @param prefix "" for the whole bucket, else a prefix ending with '/'
 */
public record S3Grant(String bucket, String prefix) {

  public S3Grant {
    Objects.requireNonNull(bucket, "bucket");
    prefix = Objects.requireNonNullElse(prefix, "");
    if (!prefix.isEmpty() && !prefix.endsWith("/")) {
      prefix = prefix + "/";
    }
  }

  /** Reads "s3://bucket" or "s3://bucket/prefix"; the error names {@code where} in the file. */
  public static S3Grant parse(String where, String text) {
    S3Location location = S3Location.parse(where, text);
    for (int i = 0; i < location.prefix().length(); i++) {
      if (Character.isISOControl(location.prefix().charAt(i))) {
        throw InvalidInputException.badValue(where, text, "control characters are not accepted in a prefix");
      }
    }
    LiteralPrefix.check(where, location.prefix(), text);
    return new S3Grant(location.bucket(), location.prefix());
  }

  /**
   * Whether every key a listing of {@code listedPrefix} in {@code listedBucket} can return lies under this
   * grant: the listed prefix must start with the granted one. A shorter listed prefix ("inbox/team-b"
   * under "inbox/team-b/") would also return keys of other folders ("inbox/team-bad/..."), so it is not.
   */
  public boolean covers(String listedBucket, String listedPrefix) {
    return bucket.equals(listedBucket) && listedPrefix.startsWith(prefix);
  }

  @Override
  public String toString() {
    return "s3://" + bucket + "/" + prefix;
  }
}
