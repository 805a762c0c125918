package io.sparkscale.units;

import java.time.Duration;

/** Parses durations written as Kubernetes and Go write them: 500ms, 30s, 5m, 1h, 1h30m. */
public final class Durations {

  public static final String HELP = "use a duration such as 500ms, 30s, 5m, 1h or 1h30m";

  /** Longer than any sensible duration ("1h30m15s500ms" is 13); refused before it is read. */
  public static final int MAX_LENGTH = 32;

  private Durations() {}

  /** A duration of zero or more. */
  public static Duration parse(String name, String text) {
    return Duration.ofMillis(millis(name, text));
  }

  /** A duration from zero to {@code max}; the message names the range. */
  public static Duration parseAtMost(String name, String text, Duration max) {
    Duration duration = parse(name, text);
    if (duration.compareTo(max) > 0) {
      throw InvalidInputException.badValue(name, text, HELP + " (from 0s to " + format(max) + ")");
    }
    return duration;
  }

  /** A duration from {@code min} to {@code max}; the message names the range. */
  public static Duration parseBetween(String name, String text, Duration min, Duration max) {
    Duration duration = parse(name, text);
    if (duration.compareTo(min) < 0 || duration.compareTo(max) > 0) {
      throw InvalidInputException.badValue(name, text, HELP + " (from " + format(min) + " to " + format(max) + ")");
    }
    return duration;
  }

  /** A duration greater than zero. */
  public static Duration parsePositive(String name, String text) {
    Duration duration = parse(name, text);
    if (duration.isZero()) {
      throw InvalidInputException.badValue(name, text, HELP + " (must be greater than zero)");
    }
    return duration;
  }

  /**
   * One pass over the characters, no regular expression (a backtracking one overflowed the stack on
   * "1m" repeated thousands of times), exact arithmetic (an overflow is a bad value, not a crash).
   */
  private static long millis(String name, String text) {
    String trimmed = text == null ? "" : text.strip();
    if (trimmed.length() > MAX_LENGTH) {
      throw InvalidInputException.tooLong(name, text, MAX_LENGTH, "characters; " + HELP);
    }
    long total = 0;
    int i = 0;
    try {
      while (i < trimmed.length()) {
        long amount = 0;
        int digitsFrom = i;
        while (i < trimmed.length() && isDigit(trimmed.charAt(i))) {
          amount = Math.addExact(Math.multiplyExact(amount, 10), trimmed.charAt(i) - '0');
          i++;
        }
        if (i == digitsFrom) {
          throw InvalidInputException.badValue(name, text, HELP);
        }
        long unit;
        if (trimmed.startsWith("ms", i)) {
          unit = 1;
          i += 2;
        } else if (i < trimmed.length() && trimmed.charAt(i) == 's') {
          unit = 1_000;
          i++;
        } else if (i < trimmed.length() && trimmed.charAt(i) == 'm') {
          unit = 60_000;
          i++;
        } else if (i < trimmed.length() && trimmed.charAt(i) == 'h') {
          unit = 3_600_000;
          i++;
        } else {
          throw InvalidInputException.badValue(name, text, HELP);
        }
        total = Math.addExact(total, Math.multiplyExact(amount, unit));
      }
    } catch (ArithmeticException e) {
      throw InvalidInputException.badValue(name, text, HELP + " (too large)");
    }
    if (trimmed.isEmpty()) {
      throw InvalidInputException.badValue(name, text, HELP);
    }
    return total;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** Go-style rendering ("1h30m0s" is written "1h30m"), the inverse of {@link #parse}. */
  public static String format(Duration duration) {
    if (duration.isZero()) {
      return "0s";
    }
    StringBuilder out = new StringBuilder();
    long hours = duration.toHours();
    int minutes = duration.toMinutesPart();
    int seconds = duration.toSecondsPart();
    int millis = duration.toMillisPart();
    if (hours > 0) out.append(hours).append('h');
    if (minutes > 0) out.append(minutes).append('m');
    if (seconds > 0) out.append(seconds).append('s');
    if (millis > 0) out.append(millis).append("ms");
    return out.toString();
  }
}
