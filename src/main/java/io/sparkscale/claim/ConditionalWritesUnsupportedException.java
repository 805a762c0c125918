package io.sparkscale.claim;

/**
 * The store ignores or refuses {@code If-None-Match} / {@code If-Match} on PUT: claims there could be taken
 * twice, so nothing is claimed at all.
 */
public class ConditionalWritesUnsupportedException extends ClaimStoreException {

  public ConditionalWritesUnsupportedException(String message) {
    super(message);
  }
}
