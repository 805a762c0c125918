package io.sparkscale.listing;

/**
 * A limit on store requests across every listing: a source takes one permit before each request it makes
 * (one ListObjectsV2 page), so the whole scaler stays under what the store and the bill allow however many
 * triggers it serves. Listings run on the cache's workers, never on a gRPC thread, so waiting here is fine.
 */
@FunctionalInterface
public interface RequestBudget {

  /** No limit (tests, one-off commands). */
  RequestBudget UNLIMITED = () -> {};

  /** Waits until one more request may be made. */
  void acquire() throws InterruptedException;
}
