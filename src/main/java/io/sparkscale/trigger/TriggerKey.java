package io.sparkscale.trigger;

import io.sparkscale.units.InvalidInputException;
import java.util.Objects;

/**
 * One row of the trigger metadata table ({@link TriggerKeys}): the key's name, what it accepts, its
 * default, and the longest value that is read at all. The length is checked before the value is parsed,
 * so no parser ever sees a megabyte of digits.
 *
 * @param accepts what the key accepts, as the error message says it (bounds included)
 * @param defaultValue the value when the key is absent; null when the key is required or the server decides
 * @param reader turns a value no longer than maxLength into the typed value, or throws
 *     {@link InvalidInputException} naming the key
 */
public record TriggerKey<T>(
    String name, String accepts, int maxLength, T defaultValue, Reader<T> reader) {

  /** Parses one value; the key's name is passed so the error can name it. */
  @FunctionalInterface
  public interface Reader<T> {
    T read(String name, String value);
  }

  public TriggerKey {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(accepts, "accepts");
    Objects.requireNonNull(reader, "reader");
    if (maxLength < 1) {
      throw new IllegalArgumentException(name + ": maxLength must be positive");
    }
  }

  /** The length check, then the reader. */
  public T read(String value) {
    String text = Objects.requireNonNullElse(value, "");
    if (text.length() > maxLength) {
      throw InvalidInputException.tooLong(name, text, maxLength, "characters; " + accepts);
    }
    return reader.read(name, text);
  }
}
