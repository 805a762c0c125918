package io.sparkscale.units;

/**
 * Text that came from a request, made safe to quote in an error or a log line: short, one line, no
 * credentials. KEDA copies scaler errors into its logs and the ScaledObject's status, so anything a
 * trigger author wrote is quoted through here.
 */
public final class SafeText {

  /** The longest part of a value quoted back; enough to recognise it, too short to abuse. */
  public static final int MAX_QUOTED = 64;

  private SafeText() {}

  /** The value cut to {@link #MAX_QUOTED} characters, with control characters escaped. */
  public static String quote(String value) {
    if (value == null) {
      return "";
    }
    String cut = value.length() > MAX_QUOTED ? value.substring(0, MAX_QUOTED) : value;
    StringBuilder out = new StringBuilder(cut.length() + 8);
    for (int i = 0; i < cut.length(); i++) {
      char c = cut.charAt(i);
      if (Character.isISOControl(c)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    if (cut.length() < value.length()) {
      out.append("...(").append(value.length()).append(" chars)");
    }
    return out.toString();
  }
}
