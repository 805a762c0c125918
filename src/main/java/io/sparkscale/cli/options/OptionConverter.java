package io.sparkscale.cli.options;

import io.sparkscale.units.InvalidInputException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Base of sparkscale's picocli converters: the core's parsers say what is wrong with a value and what is
 * accepted, and picocli knows which option it came from. The error handler (CommandLineSetup) prints
 * {@code --option: <what is wrong>; <what is accepted>}, one line, exit code 2, as for any bad input.
 */
public abstract class OptionConverter<T> implements ITypeConverter<T> {

  /** Stands in for the option's name in the core's message; it is cut off, and the handler puts the name back. */
  private static final String SUBJECT = "\u0000option";

  /** A core parser: (the option's name for messages, the text typed) to the value, or InvalidInputException. */
  @FunctionalInterface
  public interface Parser<T> {
    T parse(String option, String text);
  }

  private final Parser<T> parser;

  protected OptionConverter(Parser<T> parser) {
    this.parser = parser;
  }

  @Override
  public final T convert(String value) {
    try {
      return parser.parse(SUBJECT, value);
    } catch (InvalidInputException e) {
      String message = e.getMessage();
      throw new BadOptionValue(
          message.startsWith(SUBJECT + ": ") ? message.substring(SUBJECT.length() + 2) : message);
    }
  }

  /** A value one of these converters refused: its message already says what is accepted. */
  public static final class BadOptionValue extends TypeConversionException {
    public BadOptionValue(String message) {
      super(message);
    }
  }
}
