package io.sparkscale.listing;

import java.util.Comparator;

/**
 * S3 lists keys in ascending UTF-8 byte order. String.compareTo compares UTF-16 code units, which
 * disagrees with it for characters above U+FFFF against U+E000..U+FFFF; comparing code points agrees with
 * UTF-8 byte order everywhere.
 */
public final class KeyOrder {

  public static final Comparator<String> UTF8 = KeyOrder::compare;

  private KeyOrder() {}

  public static int compare(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }
}
