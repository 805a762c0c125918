package io.sparkscale.claim;

import java.time.Instant;
import java.util.Objects;

/**
 * One object as a listing or a HEAD shows it.
 *
 * @param etag the store's entity tag, quotes included as the store sends it; null when a listing omits it
 */
public record StoredObject(String key, long size, Instant lastModified, String etag) {

  public StoredObject {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(lastModified, "lastModified");
  }
}
