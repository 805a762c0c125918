package io.sparkscale.listing;

/**
 * Keys k with after &lt; k &lt;= upTo in S3's order; a null bound is open. Listed with start-after
 * {@code after}, stopping at the first key at or past {@code upTo}.
 */
public record KeyRange(String after, String upTo) {

  public static final KeyRange ALL = new KeyRange(null, null);

  public KeyRange {
    if (after != null && upTo != null && KeyOrder.compare(after, upTo) >= 0) {
      throw new IllegalArgumentException("empty range (" + after + ", " + upTo + "]");
    }
  }

  public boolean contains(String key) {
    return (after == null || KeyOrder.compare(key, after) > 0)
        && (upTo == null || KeyOrder.compare(key, upTo) <= 0);
  }

  /** The key is past this range: a listing of the range can stop. */
  public boolean isBeyond(String key) {
    return upTo != null && KeyOrder.compare(key, upTo) > 0;
  }
}
