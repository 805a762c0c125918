package io.sparkscale.units;

import java.util.function.Function;

/** Choosing one of a fixed set of values by how the user spells it, case-insensitively. */
public final class Spellings {

  private Spellings() {}

  /**
   * The value spelled so, or an error naming the option and what it accepts.
   *
   * @param accepted the end of the error, e.g. "use amd64 or arm64"
   */
  public static <T> T parse(String option, String value, T[] choices, Function<T, String> spelling,
      String accepted) {
    String wanted = value == null ? "" : value.strip();
    for (T choice : choices) {
      if (spelling.apply(choice).equalsIgnoreCase(wanted)) {
        return choice;
      }
    }
    throw InvalidInputException.badValue(option, String.valueOf(value), accepted);
  }
}
