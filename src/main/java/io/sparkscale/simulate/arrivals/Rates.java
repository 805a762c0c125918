package io.sparkscale.simulate.arrivals;

import io.sparkscale.units.InvalidInputException;
import io.sparkscale.units.SafeText;

/** Rates as people type them: a number per second, minute or hour ({@code 10/s}, {@code 600/m}, {@code 0.5/h}). */
public final class Rates {

  public static final String HELP = "use a number per s, m or h, e.g. 10/s, 600/m, 0.5/h";

  /** Longer than any sensible rate; refused before it is read. */
  static final int MAX_LENGTH = 32;

  private Rates() {}

  /** Events per second, above zero. */
  public static double perSecond(String name, String text) {
    String[] parts = split(name, text, HELP);
    double amount = decimal(name, text, parts[0], HELP);
    double seconds = unitSeconds(name, text, parts[1], HELP);
    double rate = amount / seconds;
    if (!(rate > 0) || !Double.isFinite(rate)) {
      throw InvalidInputException.badValue(name, text, HELP + " (must be greater than zero)");
    }
    return rate;
  }

  /** "AMOUNT/UNIT" split at its one slash; the error names the accepted form. */
  static String[] split(String name, String text, String help) {
    if (text == null || text.isBlank()) {
      throw InvalidInputException.badValue(name, String.valueOf(text), help);
    }
    if (text.length() > MAX_LENGTH) {
      throw InvalidInputException.tooLong(name, text, MAX_LENGTH, "characters; " + help);
    }
    String plain = text.strip();
    int slash = plain.indexOf('/');
    if (slash <= 0 || slash != plain.lastIndexOf('/') || slash == plain.length() - 1) {
      throw InvalidInputException.badValue(name, text, help);
    }
    return new String[] {plain.substring(0, slash).strip(), plain.substring(slash + 1).strip()};
  }

  /** Seconds in one s, m or h (also sec, min, hour). */
  static double unitSeconds(String name, String text, String unit, String help) {
    return switch (unit) {
      case "s", "sec" -> 1;
      case "m", "min" -> 60;
      case "h", "hour" -> 3600;
      default -> throw InvalidInputException.badValue(name, text, help);
    };
  }

  /** A plain decimal number (no sign, no exponent), so "1e9" and "-1" are refused with the form expected. */
  static double decimal(String name, String text, String number, String help) {
    if (!number.matches("\\d+(\\.\\d+)?|\\.\\d+")) {
      throw new InvalidInputException(name + ": '" + SafeText.quote(text) + "' does not start with a number; "
          + help);
    }
    return Double.parseDouble(number);
  }
}
