package io.sparkscale.units;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses durations written as Kubernetes and Go write them: 500ms, 30s, 5m, 1h, 1h30m. */
public final class Durations {

  public static final String HELP = "use a duration such as 500ms, 30s, 5m, 1h or 1h30m";

  private static final Pattern WHOLE = Pattern.compile("(?:\\d+(?:ms|s|m|h))+");
  private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h)");

  private Durations() {}

  /** A duration of zero or more. */
  public static Duration parse(String name, String text) {
    String trimmed = text == null ? "" : text.strip();
    if (!WHOLE.matcher(trimmed).matches()) {
      throw InvalidInputException.badValue(name, String.valueOf(text), HELP);
    }
    Duration total = Duration.ZERO;
    Matcher part = PART.matcher(trimmed);
    try {
      while (part.find()) {
        long amount = Long.parseLong(part.group(1));
        total =
            switch (part.group(2)) {
              case "ms" -> total.plusMillis(amount);
              case "s" -> total.plusSeconds(amount);
              case "m" -> total.plus(Duration.ofMinutes(amount));
              default -> total.plus(Duration.ofHours(amount));
            };
      }
    } catch (ArithmeticException | NumberFormatException e) {
      throw InvalidInputException.badValue(name, text, HELP + " (too large)");
    }
    return total;
  }

  /** A duration greater than zero. */
  public static Duration parsePositive(String name, String text) {
    Duration duration = parse(name, text);
    if (duration.isZero()) {
      throw InvalidInputException.badValue(name, text, HELP + " (must be greater than zero)");
    }
    return duration;
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
