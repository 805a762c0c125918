package io.sparkscale.units;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses byte quantities. Data sizes honour the unit's meaning (KB = 1000, KiB = 1024); memory sizes are
 * binary whatever the spelling, as Spark reads them (8g = 8gb = 8GiB = 8192 MiB).
 */
public final class Sizes {

  public static final String DATA_SIZE_HELP =
      "use a positive number with B, KB, MB, GB, TB, PB (powers of 1000) or KiB, MiB, GiB, TiB, PiB"
          + " (powers of 1024), e.g. 500GB, 1TB, 1.5TiB";
  public static final String MEMORY_HELP =
      "use a positive number with k, m, g, t (binary, as Spark reads them; no unit means MiB),"
          + " e.g. 512m, 8g, 8gb, 8GiB, 512Mi";
  /** For options people type: a bare number is refused, since "8" reads as 8 GiB to many and Spark takes MiB. */
  public static final String MEMORY_WITH_UNIT_HELP =
      "give a unit: m (MiB) or g (GiB), also k, t, gb, GiB, Mi (binary, as Spark reads them), e.g. 512m, 8g";

  /** "1.5TiB" is 6 characters; a longer number is refused before BigDecimal reads it (quadratic in length). */
  public static final int MAX_LENGTH = 32;

  private static final Pattern QUANTITY = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([a-zA-Z]*)");
  private static final long KIB = 1024;
  private static final Map<String, BigDecimal> DATA_UNITS =
      Map.ofEntries(
          Map.entry("", BigDecimal.ONE),
          Map.entry("b", BigDecimal.ONE),
          Map.entry("kb", BigDecimal.TEN.pow(3)),
          Map.entry("mb", BigDecimal.TEN.pow(6)),
          Map.entry("gb", BigDecimal.TEN.pow(9)),
          Map.entry("tb", BigDecimal.TEN.pow(12)),
          Map.entry("pb", BigDecimal.TEN.pow(15)),
          Map.entry("kib", BigDecimal.valueOf(KIB)),
          Map.entry("mib", BigDecimal.valueOf(KIB).pow(2)),
          Map.entry("gib", BigDecimal.valueOf(KIB).pow(3)),
          Map.entry("tib", BigDecimal.valueOf(KIB).pow(4)),
          Map.entry("pib", BigDecimal.valueOf(KIB).pow(5)));
  /** Multipliers to MiB; k and b are fractions of a MiB. */
  private static final Map<String, Integer> MEMORY_POWERS_OF_1024 =
      Map.ofEntries(
          Map.entry("b", -2),
          Map.entry("k", -1), Map.entry("kb", -1), Map.entry("ki", -1), Map.entry("kib", -1),
          Map.entry("", 0),
          Map.entry("m", 0), Map.entry("mb", 0), Map.entry("mi", 0), Map.entry("mib", 0),
          Map.entry("g", 1), Map.entry("gb", 1), Map.entry("gi", 1), Map.entry("gib", 1),
          Map.entry("t", 2), Map.entry("tb", 2), Map.entry("ti", 2), Map.entry("tib", 2),
          Map.entry("p", 3), Map.entry("pb", 3), Map.entry("pi", 3), Map.entry("pib", 3));

  private Sizes() {}

  /** A data size in bytes, e.g. "1TB" = 10^12, "1TiB" = 2^40. Must be positive. */
  public static long parseDataBytes(String name, String text) {
    return dataBytes(name, text, false);
  }

  /** Like {@link #parseDataBytes} but zero is allowed (activation thresholds). */
  public static long parseDataBytesOrZero(String name, String text) {
    return dataBytes(name, text, true);
  }

  private static long dataBytes(String name, String text, boolean zeroAllowed) {
    Matcher m = match(name, text, DATA_SIZE_HELP);
    BigDecimal unit = m == null ? null : DATA_UNITS.get(m.group(2).toLowerCase(Locale.ROOT));
    if (unit == null) {
      throw InvalidInputException.badValue(name, text, DATA_SIZE_HELP);
    }
    return whole(name, text, new BigDecimal(m.group(1)).multiply(unit), DATA_SIZE_HELP, zeroAllowed);
  }

  /** A memory size in whole MiB (rounded down), binary whatever the spelling. Must be at least 1 MiB. */
  public static long parseMemoryMiB(String name, String text) {
    return memoryMiB(name, text, MEMORY_HELP);
  }

  private static long memoryMiB(String name, String text, String help) {
    Matcher m = match(name, text, help);
    Integer power = m == null ? null : MEMORY_POWERS_OF_1024.get(m.group(2).toLowerCase(Locale.ROOT));
    if (power == null) {
      throw InvalidInputException.badValue(name, text, help);
    }
    BigDecimal value = new BigDecimal(m.group(1));
    BigDecimal mib =
        power >= 0
            ? value.multiply(BigDecimal.valueOf(KIB).pow(power))
            : value.divide(BigDecimal.valueOf(KIB).pow(-power));
    return whole(name, text, mib, help, false);
  }

  /**
   * Like {@link #parseMemoryMiB} but a unit is required: a bare "8" is refused with an error that names the
   * units (Spark would read it as 8 MiB). A bare zero is unambiguous and is left to the caller.
   */
  public static long parseMemoryMiBWithUnit(String name, String text) {
    Matcher m = match(name, text, MEMORY_WITH_UNIT_HELP);
    if (m != null && m.group(2).isEmpty()) {
      throw new InvalidInputException(
          name + ": '" + SafeText.quote(text) + "' has no unit (Spark would read it as MiB); write "
              + m.group(1) + "g for GiB or " + m.group(1) + "m for MiB");
    }
    return memoryMiB(name, text, MEMORY_WITH_UNIT_HELP);
  }

  /** "1.0 TB (1000000000000 bytes)"-style rendering for people; SI with two decimals. */
  public static String humanBytes(long bytes) {
    String[] units = {"B", "KB", "MB", "GB", "TB", "PB", "EB"};
    double value = bytes;
    int i = 0;
    while (value >= 1000 && i < units.length - 1) {
      value /= 1000;
      i++;
    }
    return i == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.2f %s", value, units[i]);
  }

  private static Matcher match(String name, String text, String help) {
    if (text == null) {
      return null;
    }
    if (text.length() > MAX_LENGTH) {
      throw InvalidInputException.tooLong(name, text, MAX_LENGTH, "characters; " + help);
    }
    Matcher m = QUANTITY.matcher(text.strip());
    return m.matches() ? m : null;
  }

  private static long whole(
      String name, String text, BigDecimal amount, String help, boolean zeroAllowed) {
    long whole;
    try {
      whole = amount.toBigInteger().longValueExact();
    } catch (ArithmeticException e) {
      throw InvalidInputException.badValue(name, text, help + " (too large)");
    }
    if (whole < 0 || (whole == 0 && !zeroAllowed)) {
      throw InvalidInputException.badValue(name, text, help + " (must be greater than zero)");
    }
    return whole;
  }
}
