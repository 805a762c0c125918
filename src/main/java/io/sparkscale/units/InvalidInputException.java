package io.sparkscale.units;

/**
 * A value from the user (a CLI option or a trigger metadata key) that cannot be used. The message is one
 * line naming the input and what it accepts; adapters turn it into exit code 2 or INVALID_ARGUMENT.
 */
public class InvalidInputException extends IllegalArgumentException {
  public InvalidInputException(String message) {
    super(message);
  }

  /**
   * "NAME: 'VALUE' is not valid; use ..." — the shape every bad-value message takes. The value is quoted
   * through {@link SafeText#quote}: short, one line, user info redacted.
   */
  public static InvalidInputException badValue(String name, String value, String accepted) {
    return new InvalidInputException(name + ": '" + SafeText.quote(value) + "' is not valid; " + accepted);
  }

  /** "NAME: too long (N characters); use at most MAX ..." — refused before the value is parsed. */
  public static InvalidInputException tooLong(String name, String value, int max, String unit) {
    return new InvalidInputException(
        name + ": '" + SafeText.quote(value) + "' is too long; use at most " + max + " " + unit);
  }
}
