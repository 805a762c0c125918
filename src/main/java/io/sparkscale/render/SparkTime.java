package io.sparkscale.render;

import io.sparkscale.units.InvalidInputException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Spark's time strings ("30min", "120s", "500ms") as Spark reads a millisecond time setting: a whole number
 * and an optional suffix, none meaning milliseconds (org.apache.spark.network.util.JavaUtils.timeStringAs and
 * its timeSuffixes: us, ms, s, m, min, h, d).
 */
public final class SparkTime {

  private static final Pattern TIME = Pattern.compile("(\\d+)\\s*(us|ms|s|m|min|h|d)?");
  private static final Map<String, TimeUnit> SUFFIXES = Map.of(
      "us", TimeUnit.MICROSECONDS, "ms", TimeUnit.MILLISECONDS, "s", TimeUnit.SECONDS, "m", TimeUnit.MINUTES,
      "min", TimeUnit.MINUTES, "h", TimeUnit.HOURS, "d", TimeUnit.DAYS);

  private SparkTime() {}

  public static long millis(String key, String value) {
    Matcher m = value == null ? null : TIME.matcher(value.strip().toLowerCase(java.util.Locale.ROOT));
    if (m == null || !m.matches()) {
      throw InvalidInputException.badValue(key, String.valueOf(value), "use a Spark time such as 30min or 120s");
    }
    TimeUnit unit = m.group(2) == null ? TimeUnit.MILLISECONDS : SUFFIXES.get(m.group(2));
    return TimeUnit.MILLISECONDS.convert(Long.parseLong(m.group(1)), unit);
  }
}
