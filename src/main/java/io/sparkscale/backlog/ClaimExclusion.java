package io.sparkscale.backlog;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Keys under a live claim do not count as pending (`sparkscale claim`, docs/keda.md): a running Job has
 * taken them, so KEDA's accurate strategy sees only the work no Job holds. A marker is live for
 * {@code lease} after it was last written, as its S3 LastModified says: the scaler decides from a listing
 * alone, without reading markers.
 *
 * @param prefix the claims prefix; keys under it are never counted
 */
public record ClaimExclusion(String prefix, Duration lease) {

  public ClaimExclusion {
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(lease, "lease");
  }

  /** Whether a marker last written at {@code lastModified} still holds its key at {@code now}. */
  public boolean liveAt(Instant lastModified, Instant now) {
    return lastModified != null && lastModified.plus(lease).isAfter(now);
  }
}
