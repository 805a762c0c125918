package io.sparkscale.cli.options;

import io.sparkscale.units.InvalidInputException;
import java.util.List;
import java.util.function.Function;

/**
 * An enum option typed as users spell its values (cost-optimized, eks-managed, StatefulSet), in any case;
 * anything else is refused with the list of what is accepted: "'x' is not valid; use a, b or c".
 */
public abstract class EnumConverter<E extends Enum<E>> extends OptionConverter<E> {

  protected EnumConverter(E[] values, Function<E, String> spelling) {
    this(List.of(values), spelling);
  }

  private EnumConverter(List<E> values, Function<E, String> spelling) {
    super((option, text) -> parse(values, spelling, option, text));
  }

  private static <E> E parse(List<E> values, Function<E, String> spelling, String option, String text) {
    String typed = text.strip();
    for (E value : values) {
      if (spelling.apply(value).equalsIgnoreCase(typed)) {
        return value;
      }
    }
    throw InvalidInputException.badValue(option, text, "use " + accepted(values, spelling));
  }

  /** "a, b or c", in declaration order. */
  private static <E> String accepted(List<E> values, Function<E, String> spelling) {
    List<String> names = values.stream().map(spelling).toList();
    return names.size() == 1
        ? names.get(0)
        : String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
  }
}
