package io.sparkscale.simulate.arrivals;

import io.sparkscale.units.Durations;
import io.sparkscale.units.InvalidInputException;
import io.sparkscale.units.SafeText;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A synthetic arrival pattern as typed after --pattern: {@code KIND:KEY=VALUE,...}. The kinds and their keys
 * are one table ({@link #KINDS}); every value is read by its key's type.
 */
public record PatternSpec(Kind kind, Map<String, Object> values) {

  /** What a key holds. */
  enum Type {
    RATE("a rate such as 10/s, 600/m or 0.5/h"),
    DURATION("a duration such as 0s, 15m or 1h"),
    POSITIVE_DURATION("a duration above zero such as 30s, 15m or 1h"),
    COUNT("a whole number of 1 or more");

    final String help;

    Type(String help) {
      this.help = help;
    }
  }

  /** One key of a kind: its type, and its default (null: required). */
  record Key(String name, Type type, Object defaultValue) {}

  public enum Kind {
    /** The same number of objects every second (or one object every 1/rate seconds below 1/s). */
    STEADY(List.of(new Key("rate", Type.RATE, null))),
    /** A Poisson process: each second's count is Poisson with mean rate x 1 s. */
    POISSON(List.of(new Key("rate", Type.RATE, null))),
    /** {@code objects} at once every {@code every}, the first at {@code start}. */
    BURST(List.of(new Key("every", Type.POSITIVE_DURATION, null), new Key("objects", Type.COUNT, null),
        new Key("start", Type.DURATION, Duration.ZERO))),
    /** A Poisson process whose rate follows a day: peak at {@code peak-at}, trough half a period away. */
    DIURNAL(List.of(new Key("peak", Type.RATE, null), new Key("trough", Type.RATE, null),
        new Key("period", Type.POSITIVE_DURATION, Duration.ofHours(24)), new Key("peak-at", Type.DURATION,
            Duration.ofHours(12))));

    final List<Key> keys;

    Kind(List<Key> keys) {
      this.keys = keys;
    }

    public String spelling() {
      return name().toLowerCase(Locale.ROOT);
    }

    String usage() {
      return spelling() + ":" + keys.stream()
          .map(k -> k.name() + "=" + (k.defaultValue() == null ? "..." : "[" + show(k.defaultValue()) + "]"))
          .collect(Collectors.joining(","));
    }
  }

  static final String HELP = "use steady:rate=10/s, poisson:rate=10/s, burst:every=1h,objects=5000 or"
      + " diurnal:peak=50/s,trough=1/s";
  static final int MAX_LENGTH = 200;

  public PatternSpec {
    values = Map.copyOf(values);
  }

  /** Reads and checks the whole spec; the error names the key and its expected form. */
  public static PatternSpec parse(String option, String text) {
    if (text == null || text.isBlank()) {
      throw InvalidInputException.badValue(option, String.valueOf(text), HELP);
    }
    if (text.length() > MAX_LENGTH) {
      throw InvalidInputException.tooLong(option, text, MAX_LENGTH, "characters; " + HELP);
    }
    String plain = text.strip();
    int colon = plain.indexOf(':');
    String kindName = colon < 0 ? plain : plain.substring(0, colon);
    Kind kind = null;
    for (Kind k : Kind.values()) {
      if (k.spelling().equalsIgnoreCase(kindName.strip())) {
        kind = k;
      }
    }
    if (kind == null) {
      throw new InvalidInputException(option + ": unknown pattern '" + SafeText.quote(kindName) + "'; " + HELP);
    }
    Map<String, String> given = new LinkedHashMap<>();
    if (colon >= 0) {
      for (String pair : plain.substring(colon + 1).split(",", -1)) {
        int eq = pair.indexOf('=');
        if (eq <= 0) {
          throw new InvalidInputException(option + ": '" + SafeText.quote(pair) + "' is not KEY=VALUE; use "
              + kind.usage());
        }
        String key = pair.substring(0, eq).strip().toLowerCase(Locale.ROOT);
        if (given.put(key, pair.substring(eq + 1).strip()) != null) {
          throw new InvalidInputException(option + ": " + key + " is given twice; use " + kind.usage());
        }
      }
    }
    Map<String, Object> values = new LinkedHashMap<>();
    for (Key key : kind.keys) {
      String value = given.remove(key.name());
      String name = option + " " + kind.spelling() + " " + key.name();
      if (value == null) {
        if (key.defaultValue() == null) {
          throw new InvalidInputException(option + ": " + kind.spelling() + " needs " + key.name() + "=; use "
              + kind.usage());
        }
        values.put(key.name(), key.defaultValue());
      } else {
        values.put(key.name(), read(name, key.type(), value));
      }
    }
    if (!given.isEmpty()) {
      throw new InvalidInputException(option + ": " + kind.spelling() + " has no key '"
          + SafeText.quote(given.keySet().iterator().next()) + "'; use " + kind.usage());
    }
    PatternSpec spec = new PatternSpec(kind, values);
    if (kind == Kind.DIURNAL && spec.rate("trough") > spec.rate("peak")) {
      throw new InvalidInputException(option + ": diurnal trough is above its peak; use trough <= peak");
    }
    return spec;
  }

  private static Object read(String name, Type type, String value) {
    return switch (type) {
      case RATE -> Rates.perSecond(name, value);
      case DURATION -> Durations.parse(name, value);
      case POSITIVE_DURATION -> Durations.parsePositive(name, value);
      case COUNT -> {
        if (!value.matches("\\d{1,15}") || Long.parseLong(value) < 1) {
          throw InvalidInputException.badValue(name, value, "use " + type.help);
        }
        yield Long.parseLong(value);
      }
    };
  }

  double rate(String key) {
    return (Double) values.get(key);
  }

  Duration duration(String key) {
    return (Duration) values.get(key);
  }

  long count(String key) {
    return (Long) values.get(key);
  }

  /** The spec as it would be typed, every key shown (defaults included). */
  public String describe() {
    return kind.spelling() + ":" + kind.keys.stream()
        .map(k -> k.name() + "=" + show(values.get(k.name())))
        .collect(Collectors.joining(","));
  }

  private static String show(Object value) {
    if (value instanceof Duration d) {
      return Durations.format(d);
    }
    if (value instanceof Double rate) {
      return (rate == Math.rint(rate) ? Long.toString(rate.longValue()) : Double.toString(rate)) + "/s";
    }
    return String.valueOf(value);
  }
}
