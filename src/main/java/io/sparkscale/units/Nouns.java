package io.sparkscale.units;

/** Counted nouns for messages people read: "1 node", "2 nodes", never "1 nodes". */
public final class Nouns {

  private Nouns() {}

  /** The count and the noun, plural unless the count is 1; every noun sparkscale counts takes an -s. */
  public static String count(long count, String noun) {
    return count + " " + noun + (count == 1 ? "" : "s");
  }
}
