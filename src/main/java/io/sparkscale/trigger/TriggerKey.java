package io.sparkscale.trigger;

import io.sparkscale.units.InvalidInputException;
import java.util.Objects;
import java.util.function.Function;

/**
 * One row of the trigger metadata table ({@link TriggerKeys}): the key's name, what it accepts, its
 * default, and the longest value that is read at all. The length is checked before the value is parsed,
 * so no parser ever sees a megabyte of digits.
 *
 * @param accepts what the key accepts, as the error message says it (bounds included)
 * @param defaultValue the value when the key is absent; null when the key is required or the server decides
 * @param reader turns a value no longer than maxLength into the typed value, or throws
 *     {@link InvalidInputException} naming the key
 * @param writer spells a typed value as the metadata value {@code render} writes; the reader reads it back
 */
public record TriggerKey<T>(
    String name, String accepts, int maxLength, T defaultValue, Reader<T> reader, Function<T, String> writer) {

  /** Parses one value; the key's name is passed so the error can name it. */
  @FunctionalInterface
  public interface Reader<T> {
    T read(String name, String value);
  }

  /** A key whose values are written as {@link String#valueOf}. */
  public TriggerKey(String name, String accepts, int maxLength, T defaultValue, Reader<T> reader) {
    this(name, accepts, maxLength, defaultValue, reader, String::valueOf);
  }

  public TriggerKey {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(accepts, "accepts");
    Objects.requireNonNull(reader, "reader");
    Objects.requireNonNull(writer, "writer");
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

  /** The metadata spelling of a value, as {@code render} writes it. */
  public String write(T value) {
    return writer.apply(Objects.requireNonNull(value, name));
  }
}
