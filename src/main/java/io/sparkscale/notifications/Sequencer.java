package io.sparkscale.notifications;

import java.util.Locale;

/**
 * S3's per-key event order. AWS: compare sequencers of the same key as hexadecimal strings after
 * left-padding the shorter with zeros; the greater is the later event. Sequencers of different keys mean
 * nothing to each other.
 *
 * <p>Held as a 96-bit unsigned number (high 32 bits, low 64 bits) so a pending key costs 12 bytes of order:
 * sequencers seen in practice have 16 to 18 hex digits. {@link #NONE} orders before every real sequencer
 * and marks state that came from a listing (which carries none).
 */
public record Sequencer(int high, long low) implements Comparable<Sequencer> {

  public static final Sequencer NONE = new Sequencer(0, 0);
  /** 24 hex digits = 96 bits; longer values are refused rather than silently truncated. */
  public static final int MAX_DIGITS = 24;

  /**
   * @throws IllegalArgumentException when the text is empty, not hexadecimal, or has more than
   *     {@link #MAX_DIGITS} significant digits
   */
  public static Sequencer parse(String text) {
    if (text == null || text.isEmpty()) {
      throw new IllegalArgumentException("no sequencer");
    }
    int start = 0;
    while (start < text.length() - 1 && text.charAt(start) == '0') {
      start++; // leading zeros do not change the order: the rule pads the shorter with zeros
    }
    int digits = text.length() - start;
    if (digits > MAX_DIGITS) {
      throw new IllegalArgumentException("sequencer longer than " + MAX_DIGITS + " hex digits: " + text);
    }
    long high = 0;
    long low = 0;
    for (int i = start; i < text.length(); i++) {
      int digit = Character.digit(text.charAt(i), 16);
      if (digit < 0) {
        throw new IllegalArgumentException("sequencer is not hexadecimal: " + text);
      }
      high = (high << 4) | (low >>> 60);
      low = (low << 4) | digit;
    }
    return new Sequencer((int) high, low);
  }

  /** Compares two sequencers stored as (high, low), unsigned. */
  public static int compare(int highA, long lowA, int highB, long lowB) {
    int byHigh = Integer.compareUnsigned(highA, highB);
    return byHigh != 0 ? byHigh : Long.compareUnsigned(lowA, lowB);
  }

  @Override
  public int compareTo(Sequencer other) {
    return compare(high, low, other.high, other.low);
  }

  @Override
  public String toString() {
    return high == 0
        ? Long.toHexString(low).toUpperCase(Locale.ROOT)
        : (Integer.toHexString(high) + String.format("%016x", low)).toUpperCase(Locale.ROOT);
  }
}
