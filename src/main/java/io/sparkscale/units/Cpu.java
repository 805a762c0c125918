package io.sparkscale.units;

import java.math.BigDecimal;
import java.util.regex.Pattern;

/** Parses Kubernetes CPU quantities into millicores: "200m", "0.5", "2". */
public final class Cpu {

  public static final String HELP = "use cores such as 2 or 0.5, or millicores such as 200m";

  private static final Pattern CORES = Pattern.compile("\\d+(\\.\\d{1,3})?");
  private static final Pattern MILLIS = Pattern.compile("\\d+m");

  private Cpu() {}

  /** Millicores, zero allowed (a reserve may be empty). */
  public static long parseMillis(String name, String text) {
    String trimmed = text == null ? "" : text.strip();
    if (trimmed.length() > Sizes.MAX_LENGTH) {
      throw InvalidInputException.tooLong(name, text, Sizes.MAX_LENGTH, "characters; " + HELP);
    }
    try {
      if (MILLIS.matcher(trimmed).matches()) {
        return Long.parseLong(trimmed.substring(0, trimmed.length() - 1));
      }
      if (CORES.matcher(trimmed).matches()) {
        return new BigDecimal(trimmed).movePointRight(3).longValueExact();
      }
    } catch (ArithmeticException | NumberFormatException e) {
      // falls through to the one error below
    }
    throw InvalidInputException.badValue(name, String.valueOf(text), HELP);
  }

  /** Kubernetes notation: whole cores as "4", otherwise millicores as "3920m". */
  public static String format(long millis) {
    return millis % 1000 == 0 ? Long.toString(millis / 1000) : millis + "m";
  }
}
