package io.sparkscale.trigger;

import io.sparkscale.units.InvalidInputException;

/**
 * A key prefix is matched as literal text: S3 itself never resolves {@code .} or {@code ..}, but a store
 * that keeps keys as files (s3proxy's and MinIO's filesystem backends, others behind `--s3-endpoint`) may
 * resolve {@code in/../} to the bucket root and list keys outside the prefix, which a tenant policy checked
 * on the text would not see. So a prefix (or a policy entry) with a {@code .} or {@code ..} path segment is
 * refused. Backslashes count as separators too, for stores on file systems that read them so.
 *
 * <p>Other forms are left alone on purpose: {@code in//} and {@code %2e%2e} are ordinary S3 key text that
 * stores do not resolve, and the listing checks every key it gets back against the prefix anyway.
 */
public final class LiteralPrefix {

  public static final String RULE = "give a literal key prefix without '.' or '..' path segments (a store that"
      + " keeps keys as files may resolve them and list keys outside the prefix)";

  private LiteralPrefix() {}

  /** Whether a '.' or '..' segment occurs, with '/' and '\' as separators. */
  public static boolean hasDotSegment(String prefix) {
    int start = 0;
    for (int i = 0; i <= prefix.length(); i++) {
      if (i == prefix.length() || prefix.charAt(i) == '/' || prefix.charAt(i) == '\\') {
        int length = i - start;
        if ((length == 1 || length == 2) && prefix.startsWith("..".substring(0, length), start)) {
          return true;
        }
        start = i + 1;
      }
    }
    return false;
  }

  /**
   * @throws InvalidInputException naming {@code name} when the prefix has a dot segment; {@code quoted} is
   *     the text to quote back (the whole s3:// entry of a policy, or the prefix itself)
   */
  public static void check(String name, String prefix, String quoted) {
    if (hasDotSegment(prefix)) {
      throw InvalidInputException.badValue(name, quoted, RULE);
    }
  }
}
