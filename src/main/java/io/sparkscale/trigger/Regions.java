package io.sparkscale.trigger;

import io.sparkscale.units.InvalidInputException;

/**
 * Region names, checked character by character. On AWS a region has AWS's shape (us-east-1,
 * us-gov-west-1, eusc-de-east-1), so a made-up string never reaches the SDK; an S3-compatible store names
 * its region freely (MinIO us-east-1, Ceph default, R2 auto), so there only the characters are checked.
 */
final class Regions {

  static final String HELP = "use a region name such as us-east-1 (lowercase letters, digits, hyphens)";
  static final String AWS_HELP =
      "use an AWS region such as us-east-1 or eu-central-2 (area-place-number), or leave region out to use"
          + " the server's";

  private Regions() {}

  /** Null for blank (the server decides); otherwise lowercase letters, digits and inner hyphens. */
  static String read(String name, String value) {
    String region = value.strip();
    if (region.isEmpty()) {
      return null;
    }
    boolean valid = region.charAt(0) != '-' && region.charAt(region.length() - 1) != '-';
    for (int i = 0; valid && i < region.length(); i++) {
      char c = region.charAt(i);
      valid = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    }
    if (!valid) {
      throw InvalidInputException.badValue(name, value, HELP);
    }
    return region;
  }

  /**
   * AWS's shape: a 2-4 letter area, one or two lowercase words, and a number from 1 to 99, joined by
   * hyphens ("us-east-1", "us-gov-west-1", "us-isob-east-1", "eusc-de-east-1").
   */
  static boolean looksLikeAws(String region) {
    String[] parts = region.split("-", -1);
    if (parts.length < 3 || parts.length > 4 || region.length() > 25) {
      return false;
    }
    for (int i = 0; i < parts.length - 1; i++) {
      int min = i == 0 ? 2 : 1;
      int max = i == 0 ? 4 : 10;
      if (!letters(parts[i], min, max)) {
        return false;
      }
    }
    String number = parts[parts.length - 1];
    return number.length() >= 1 && number.length() <= 2 && number.charAt(0) != '0'
        && number.chars().allMatch(c -> c >= '0' && c <= '9');
  }

  private static boolean letters(String part, int min, int max) {
    return part.length() >= min && part.length() <= max && part.chars().allMatch(c -> c >= 'a' && c <= 'z');
  }
}
