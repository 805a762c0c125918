package io.sparkscale.trigger;

import io.sparkscale.units.InvalidInputException;
import java.util.Locale;

/** An s3://bucket/prefix address, as `rightsize --data-size` takes it to measure what is waiting there. */
public record S3Location(String bucket, String prefix) {

  static final String HELP = "use s3://bucket or s3://bucket/prefix";

  public static boolean looksLike(String text) {
    return text != null && text.strip().toLowerCase(Locale.ROOT).startsWith("s3://");
  }

  public static S3Location parse(String name, String text) {
    if (!looksLike(text)) {
      throw InvalidInputException.badValue(name, String.valueOf(text), HELP);
    }
    String rest = text.strip().substring("s3://".length());
    int slash = rest.indexOf('/');
    String bucket = slash < 0 ? rest : rest.substring(0, slash);
    String prefix = slash < 0 ? "" : rest.substring(slash + 1);
    if (!BucketNames.isValid(bucket)) {
      throw InvalidInputException.badValue(name, text, HELP + "; " + BucketNames.HELP);
    }
    return new S3Location(bucket, prefix);
  }

  @Override
  public String toString() {
    return "s3://" + bucket + "/" + prefix;
  }
}
