package io.sparkscale.simulate.report;

import java.math.BigDecimal;

/** Numbers as the outputs write them: seconds to the millisecond, no exponent, no trailing zeros. */
public final class Numbers {

  private Numbers() {}

  static void appendSeconds(StringBuilder out, double seconds) {
    long millis = Math.round(seconds * 1000);
    out.append(millis / 1000);
    long rest = Math.abs(millis % 1000);
    if (rest != 0) {
      out.append('.');
      if (rest < 100) {
        out.append('0');
      }
      if (rest < 10) {
        out.append('0');
      }
      String digits = Long.toString(rest);
      int end = digits.length();
      while (digits.charAt(end - 1) == '0') {
        end--;
      }
      out.append(digits, 0, end);
    }
  }

  /**
   * A value rounded to {@code places} decimals without trailing zeros, for JSON: written plain (7778025, not
   * 7.778025E6) by a generator with WRITE_BIGDECIMAL_AS_PLAIN.
   */
  static BigDecimal round(double value, int places) {
    BigDecimal rounded = BigDecimal.valueOf(value).setScale(places, java.math.RoundingMode.HALF_UP).stripTrailingZeros();
    return rounded.scale() < 0 ? rounded.setScale(0) : rounded;
  }

  /** A plain decimal for people: at most {@code places} decimals, no trailing zeros. */
  public static String plain(double value, int places) {
    return round(value, places).toPlainString();
  }
}
