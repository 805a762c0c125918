package io.sparkscale.cli.simulate;

import io.sparkscale.units.InvalidInputException;
import io.sparkscale.units.SafeText;
import io.sparkscale.units.Sizes;
import java.util.List;
import java.util.TreeSet;

/**
 * The values one --sweep-* flag lists: a comma list of values and FROM..TO:STEP ranges (step 1 when left out),
 * e.g. 10,20,50 or 10..100:10, sorted and without repeats. A range's size is known before it is walked, so a
 * range of bytes one byte apart is refused, not enumerated.
 */
final class SweepValues {

  /** Values one flag may list: more would make a sweep of hours. */
  static final int MAX_VALUES = 1000;

  /** How one value (a bound or a step) is written. */
  interface Unit {
    /** The value, or an InvalidInputException naming {@code flag}. */
    long parse(String flag, String text);

    /** The help a bad value gets: what one value looks like. */
    String help();
  }

  /** Whole numbers from {@code min} to {@code max}. */
  static Unit whole(long min, long max) {
    return new Unit() {
      @Override
      public long parse(String flag, String text) {
        String t = text.strip();
        if (!t.matches("\\d{1,13}") || Long.parseLong(t) < min || Long.parseLong(t) > max) {
          throw InvalidInputException.badValue(flag, text, help());
        }
        return Long.parseLong(t);
      }

      @Override
      public String help() {
        return "use whole numbers from " + min + " to " + max + ", listed (10,20,50) or as ranges (10..100:10)";
      }
    };
  }

  /** Data sizes greater than zero (1GB, 512MiB, or bytes). */
  static final Unit SIZE = new Unit() {
    @Override
    public long parse(String flag, String text) {
      return Sizes.parseDataBytes(flag, text.strip());
    }

    @Override
    public String help() {
      return "use sizes such as 1GB,5GB or ranges such as 1GB..10GB:1GB";
    }
  };

  private SweepValues() {}

  /** The values {@code text} lists, ascending. */
  static List<Long> parse(String flag, String text, Unit unit) {
    if (text.isBlank()) {
      throw InvalidInputException.badValue(flag, text, unit.help());
    }
    TreeSet<Long> values = new TreeSet<>();
    for (String item : text.split(",", -1)) {
      if (item.isBlank()) {
        throw InvalidInputException.badValue(flag, text, "an empty item; " + unit.help());
      }
      int dots = item.indexOf("..");
      if (dots < 0) {
        values.add(unit.parse(flag, item));
        continue;
      }
      String rest = item.substring(dots + 2);
      int colon = rest.indexOf(':');
      long from = unit.parse(flag, item.substring(0, dots));
      long to = unit.parse(flag, colon < 0 ? rest : rest.substring(0, colon));
      long step = colon < 0 ? 1 : unit.parse(flag, rest.substring(colon + 1));
      if (step < 1) {
        throw InvalidInputException.badValue(flag, item, "a range's STEP is 1 or more");
      }
      if (to < from) {
        throw InvalidInputException.badValue(flag, item, "a range goes up: FROM..TO:STEP with FROM at most TO");
      }
      long count = (to - from) / step + 1;
      if (count > MAX_VALUES || values.size() + count > MAX_VALUES) {
        throw tooMany(flag, text);
      }
      for (long i = 0; i < count; i++) {
        values.add(from + i * step);
      }
    }
    if (values.size() > MAX_VALUES) {
      throw tooMany(flag, text);
    }
    return List.copyOf(values);
  }

  private static InvalidInputException tooMany(String flag, String text) {
    return new InvalidInputException(flag + ": '" + SafeText.quote(text) + "' lists more than " + MAX_VALUES
        + " values; use a larger step or fewer values");
  }
}
