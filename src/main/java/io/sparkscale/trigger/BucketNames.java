package io.sparkscale.trigger;

import java.util.regex.Pattern;

/** S3's general-purpose bucket naming rules, checked before any request is made. */
final class BucketNames {

  static final String HELP =
      "use an S3 bucket name: 3 to 63 lowercase letters, digits, dots or hyphens, starting and ending"
          + " with a letter or digit, no '..', not an IP address";

  private static final Pattern ALLOWED = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
  private static final Pattern IP_ADDRESS = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  private BucketNames() {}

  static boolean isValid(String name) {
    return ALLOWED.matcher(name).matches()
        && !name.contains("..")
        && !IP_ADDRESS.matcher(name).matches();
  }
}
