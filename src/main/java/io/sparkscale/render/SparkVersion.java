package io.sparkscale.render;

import io.sparkscale.units.InvalidInputException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Spark release, compared by major, minor and patch: it decides which settings exist and their defaults. */
public record SparkVersion(int major, int minor, int patch) implements Comparable<SparkVersion> {

  /** What the render commands assume when --spark-version is not given. */
  public static final String DEFAULT = "4.2.0";

  private static final Pattern VERSION = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
  /** The oldest release sparkscale writes for: graceful decommissioning, which the presets rely on, came in 3.1. */
  static final SparkVersion OLDEST = new SparkVersion(3, 1, 0);

  public static SparkVersion parse(String option, String text) {
    Matcher m = text == null ? null : VERSION.matcher(text.strip());
    if (m == null || !m.matches()) {
      throw InvalidInputException.badValue(
          option, String.valueOf(text), "use a Spark release such as 3.5.6, 4.1.1 or 4.2.0");
    }
    SparkVersion version =
        new SparkVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
    if (version.compareTo(OLDEST) < 0) {
      throw InvalidInputException.badValue(
          option, text, "use Spark 3.1.0 or later (graceful decommissioning starts there)");
    }
    return version;
  }

  static SparkVersion of(String text) {
    return parse("version", text);
  }

  public boolean atLeast(SparkVersion other) {
    return compareTo(other) >= 0;
  }

  @Override
  public int compareTo(SparkVersion o) {
    int c = Integer.compare(major, o.major);
    if (c == 0) {
      c = Integer.compare(minor, o.minor);
    }
    return c != 0 ? c : Integer.compare(patch, o.patch);
  }

  @Override
  public String toString() {
    return major + "." + minor + "." + patch;
  }
}
