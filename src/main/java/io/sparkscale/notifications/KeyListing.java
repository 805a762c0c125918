package io.sparkscale.notifications;

import io.sparkscale.backlog.BacklogUnavailableException;
import io.sparkscale.backlog.CountKey;
import java.time.Instant;
import java.util.List;

/** Lists every object under a key's prefix, page by page: what seeding and reconciling start from. */
@FunctionalInterface
public interface KeyListing {

  /** One object as a listing shows it. */
  record ListedObject(String key, long size, Instant lastModified) {}

  /** Receives the listing's pages in key order. */
  @FunctionalInterface
  interface Pages {
    void page(List<ListedObject> objects);
  }

  /**
   * Lists the whole prefix, without scan limit or age filter (an object too young now counts later).
   *
   * @return the list requests made
   * @throws BacklogUnavailableException when the store cannot be listed
   */
  long list(CountKey key, Pages pages) throws BacklogUnavailableException;
}
