package io.sparkscale.units;

/**
 * A value from the user (a CLI option or a trigger metadata key) that cannot be used. The message is one
 * line naming the input and what it accepts; adapters turn it into exit code 2 or INVALID_ARGUMENT.
 */
public class InvalidInputException extends IllegalArgumentException {
  public InvalidInputException(String message) {
    super(message);
  }

  /** "NAME: 'VALUE' is not ...; use ..." — the shape every bad-value message takes. */
  public static InvalidInputException badValue(String name, String value, String accepted) {
    return new InvalidInputException(name + ": '" + value + "' is not valid; " + accepted);
  }
}
