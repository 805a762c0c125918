package io.sparkscale.units;

/**
 * Text that came from a request, made safe to quote in an error or a log line: short, one line, no
 * credentials. KEDA copies scaler errors into its logs and the ScaledObject's status, so anything a
 * trigger author wrote is quoted through here.
 */
public final class SafeText {

  /** The longest part of a value quoted back; enough to recognise it, too short to abuse. */
  public static final int MAX_QUOTED = 64;

  private static final String REDACTED = "***";

  private SafeText() {}

  /**
   * The value with any URL user info ({@code scheme://user:secret@host}) replaced by {@code ***}, cut to
   * {@link #MAX_QUOTED} characters, with control characters and line separators escaped.
   */
  public static String quote(String value) {
    if (value == null) {
      return "";
    }
    String redacted = redactUserInfo(value);
    String cut = redacted.length() > MAX_QUOTED ? redacted.substring(0, MAX_QUOTED) : redacted;
    StringBuilder out = new StringBuilder(cut.length() + 8);
    for (int i = 0; i < cut.length(); i++) {
      char c = cut.charAt(i);
      // U+2028/U+2029 end a line in some log viewers just as CR and LF do.
      if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    if (cut.length() < redacted.length()) {
      out.append("...(").append(value.length()).append(" chars)");
    }
    return out.toString();
  }

  /**
   * Replaces the user info of every {@code ://user@} in the text by {@code ***}. A linear scan, not a
   * regular expression: the text is whatever a request carried.
   */
  static String redactUserInfo(String text) {
    int scheme = text.indexOf("://");
    if (scheme < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    int from = 0;
    while (scheme >= 0) {
      int authority = scheme + 3;
      int end = authority;
      int at = -1;
      for (; end < text.length() && !endsAuthority(text.charAt(end)); end++) {
        if (text.charAt(end) == '@') {
          at = end;
        }
      }
      out.append(text, from, authority);
      if (at >= 0) {
        out.append(REDACTED);
        from = at;
      } else {
        from = authority;
      }
      scheme = text.indexOf("://", end);
    }
    return out.append(text, from, text.length()).toString();
  }

  /** A URL's authority ends at the first '/', '?', '#' or whitespace after it. */
  private static boolean endsAuthority(char c) {
    return c == '/' || c == '?' || c == '#' || Character.isWhitespace(c);
  }
}
