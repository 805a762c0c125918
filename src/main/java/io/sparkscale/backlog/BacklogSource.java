package io.sparkscale.backlog;

/** Counts what is waiting under a prefix by listing it now (no caching). The S3 adapter implements it. */
@FunctionalInterface
public interface BacklogSource {

  /**
   * Lists and counts. Blocking; may take long for big prefixes.
   *
   * @throws BacklogUnavailableException when the store cannot be listed (the cause says why)
   */
  BacklogCount count(CountKey key) throws BacklogUnavailableException;

  /**
   * How long the cache may reuse a count of this key before asking again. A source that answers from
   * memory (event notifications) can be asked far more often than one that lists S3.
   */
  default java.time.Duration cacheTtl(CountKey key, java.time.Duration configuredTtl) {
    return configuredTtl;
  }
}
