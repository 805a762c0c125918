package io.sparkscale.claim;

import io.sparkscale.backlog.ClaimExclusion;
import io.sparkscale.backlog.CountKey;
import io.sparkscale.listing.KeyOrder;
import io.sparkscale.claim.ClaimStore.Versioned;
import io.sparkscale.claim.Manifest.Claimed;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The claim protocol: each pending key is claimed by at most one batch at a time.
 *
 * <ul>
 *   <li><b>Claim.</b> A key is taken by creating its marker with a conditional create ({@code If-None-Match:
 *       *}): of any number of claimers, exactly one creates it; the others skip the key.
 *   <li><b>Lease.</b> A marker holds its key until the expiry it names. A marker past it (its Job died) is
 *       taken over by replacing exactly the version that was read ({@code If-Match} on its ETag).
 *   <li><b>Fence.</b> Every replacement or removal of a marker version first creates that version's fence
 *       with {@code If-None-Match: *}, and deletes it when done. Some S3-compatible servers evaluate If-Match
 *       by reading the ETag and then writing, so two takers could both pass the check (s3proxy 4.1.0 does:
 *       docs/keda.md); the fence leaves one taker per version whatever the store, and costs two requests on
 *       the rare path, none on a first claim. A fence left by a claimer that died holding it is stale after
 *       {@link #FENCE_TTL}.
 *   <li><b>Complete</b> deletes the data first, then the marker: a key is never unclaimed while its data is
 *       there. <b>Release</b> removes the markers and leaves the data to be claimed again.
 * </ul>
 *
 * Every claim starts by checking that the store honours both conditional writes
 * ({@link ConditionalWritesUnsupportedException} otherwise): a store that ignored them would let two Jobs
 * take the same key without either noticing.
 */
public final class Claimer {

  /** Far longer than one conditional PUT takes; a fence older than this belonged to a claimer that died. */
  static final Duration FENCE_TTL = Duration.ofMinutes(1);
  /** `--complete` first renews a lease ending sooner than this, so no one can take a key it is deleting. */
  static final Duration COMPLETE_MARGIN = Duration.ofMinutes(5);
  /** An ETag no object has: the If-Match half of the conditional-write check. */
  static final String NO_SUCH_ETAG = "\"00000000000000000000000000000000\"";

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final DateTimeFormatter ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);

  private final ClaimStore store;
  private final Clock clock;
  private final Supplier<String> ids;

  public Claimer(ClaimStore store, Clock clock) {
    this(store, clock, () -> newId(clock));
  }

  Claimer(ClaimStore store, Clock clock, Supplier<String> ids) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.ids = Objects.requireNonNull(ids, "ids");
  }

  /**
   * One claim's result.
   *
   * @param takenOver keys whose expired claim this one took over
   * @param heldByOthers keys skipped because another live claim holds them
   * @param scanLimitReached more keys matched than the request's scanLimit; only the first were considered
   * @param unclaimable keys too long to have a marker key (never claimed; rename them)
   */
  public record Result(
      Manifest manifest, int takenOver, int heldByOthers, boolean scanLimitReached, List<String> unclaimable) {}

  /**
   * What `--complete` or `--release` did.
   *
   * @param done keys completed (or released)
   * @param lost keys this claim no longer held, each with the reason: another claim took them over after
   *     this one's lease ran out, so they may be processed twice (the lease was too short)
   */
  public record Outcome(int done, List<String> lost) {}

  /** Claims a batch: oldest pending keys first, within the limits, each by exactly one claim. */
  public Result claim(ClaimRequest request) {
    ClaimLayout layout = request.layout();
    checkConditionalWrites(layout);
    Instant claimedAt = clock.instant();
    String claimId = ids.get();
    Instant expiresAt = claimedAt.plus(request.lease());

    Map<String, StoredObject> markers = new HashMap<>();
    store.list(layout.markersPrefix(), marker -> {
      markers.put(marker.key(), marker);
      return true;
    });
    Pending pending = pending(request, claimedAt);
    ClaimExclusion exclusion = new ClaimExclusion(request.claimsPrefix(), request.lease());

    List<Claimed> claimed = new ArrayList<>();
    List<String> unclaimable = new ArrayList<>();
    int takenOver = 0;
    int heldByOthers = 0;
    long bytes = 0;
    try {
      for (StoredObject object : pending.objects()) {
        if (!request.limits().admits(claimed.size(), bytes, object.size())) {
          break;
        }
        if (!layout.canClaim(object.key())) {
          unclaimable.add(object.key());
          continue;
        }
        String markerKey = layout.markerKey(object.key());
        StoredObject listed = markers.get(markerKey);
        if (listed != null && exclusion.liveAt(listed.lastModified(), clock.instant())) {
          heldByOthers++;
          continue;
        }
        Marker marker = new Marker(claimId, object.key(), object.size(), claimedAt, expiresAt);
        Taken taken = take(layout, markerKey, listed, marker, request.lease());
        if (taken == null) {
          heldByOthers++;
          continue;
        }
        // Listed, then completed and deleted by another Job before this claim: nothing left to process.
        Optional<StoredObject> data = store.head(object.key());
        if (data.isEmpty()) {
          store.delete(markerKey);
          continue;
        }
        claimed.add(new Claimed(object.key(), data.get().size(), request.uri(object.key()), taken.etag()));
        bytes += data.get().size();
        takenOver += taken.takeover() ? 1 : 0;
      }
      String uriList = null;
      Manifest manifest = new Manifest(claimId, request.store(), request.prefix(), request.claimsPrefix(),
          claimedAt, expiresAt, null, claimed);
      if (!claimed.isEmpty()) {
        String listKey = layout.batchListKey(claimId);
        store.put(listKey, manifest.uriLines().getBytes(StandardCharsets.UTF_8), "text/plain; charset=utf-8");
        uriList = request.uriScheme() + "://" + request.store().bucket() + "/" + listKey;
      }
      manifest = new Manifest(claimId, request.store(), request.prefix(), request.claimsPrefix(), claimedAt,
          expiresAt, uriList, claimed);
      return new Result(manifest, takenOver, heldByOthers, pending.limitReached(), unclaimable);
    } catch (RuntimeException e) {
      // A claim that cannot finish gives back what it took rather than holding it for a whole lease.
      giveBack(layout, claimId, claimed);
      throw e;
    }
  }

  /**
   * After success: deletes each key's data, then its marker, then the batch's URI list. A key whose claim
   * was taken over (this claim outlived its lease) is left to its new holder and reported as lost.
   */
  public Outcome complete(Manifest manifest) {
    return end(manifest, (layout, object, markerKey, held) -> {
      if (held.isEmpty()) {
        // Gone and its data gone too: a completion that ran before (a retry) got this far.
        return store.get(markerKey).isEmpty() && store.head(object.key()).isEmpty();
      }
      if (!renewedIfEnding(layout, markerKey, held.get())) {
        return false;
      }
      store.delete(object.key());
      store.delete(markerKey);
      return true;
    });
  }

  /** After a failure: removes this claim's markers so the keys are claimed again; the data stays. */
  public Outcome release(Manifest manifest) {
    // A marker already gone was released before (a retry), or never written: either way no longer held.
    return end(manifest, (layout, object, markerKey, held) ->
        held.isPresent() && remove(layout, markerKey, held.get().etag()) || store.get(markerKey).isEmpty());
  }

  /** What complete or release does with one key; false when another claim holds it now. */
  private interface EndStep {
    boolean end(ClaimLayout layout, Claimed object, String markerKey, Optional<Held> held);
  }

  private Outcome end(Manifest manifest, EndStep step) {
    ClaimLayout layout = manifest.layout();
    int done = 0;
    List<String> lost = new ArrayList<>();
    for (Claimed object : manifest.objects()) {
      String markerKey = layout.markerKey(object.key());
      if (step.end(layout, object, markerKey, held(markerKey, manifest.claimId()))) {
        done++;
      } else {
        lost.add(object.key() + ": " + holderOf(markerKey));
      }
    }
    deleteUriList(layout, manifest);
    return new Outcome(done, lost);
  }

  /**
   * Creates a probe object twice with {@code If-None-Match: *} (the second must fail) and replaces it with
   * {@code If-Match} on an ETag it does not have (must fail too). A store that ignores either header would
   * let two Jobs claim the same key; the adapter reports one that refuses them (501) the same way.
   */
  void checkConditionalWrites(ClaimLayout layout) {
    String key = layout.probeKey(ids.get());
    byte[] first = ("probe " + key + " 1").getBytes(StandardCharsets.UTF_8);
    byte[] second = ("probe " + key + " 2").getBytes(StandardCharsets.UTF_8);
    try {
      if (store.putIfAbsent(key, first).isEmpty()) {
        throw unsupported("refused to create the new key " + key + " with If-None-Match: *");
      }
      if (store.putIfAbsent(key, second).isPresent()) {
        throw unsupported("ignored If-None-Match: * (a second create of " + key + " overwrote the first)");
      }
      if (store.putIfMatch(key, NO_SUCH_ETAG, second).isPresent()) {
        throw unsupported("ignored If-Match (a replace of " + key + " naming a wrong ETag succeeded)");
      }
    } finally {
      store.delete(key);
    }
  }

  private ConditionalWritesUnsupportedException unsupported(String what) {
    return new ConditionalWritesUnsupportedException(store.describe() + " " + what + "; claims need a store that"
        + " honours If-None-Match and If-Match on PUT (AWS S3, MinIO, Cloudflare R2, ...), or two Jobs could"
        + " take the same key");
  }

  /** A marker this claim wrote: its ETag, and the lease it carries. */
  private record Taken(String etag, boolean takeover) {}

  private record Held(String etag, Marker marker) {}

  /** Creates the marker, or takes over an expired one; null when another live claim holds the key. */
  private Taken take(ClaimLayout layout, String markerKey, StoredObject listed, Marker marker, Duration lease) {
    byte[] body = marker.encode();
    if (listed == null) {
      Optional<String> created = store.putIfAbsent(markerKey, body);
      if (created.isPresent()) {
        return new Taken(created.get(), false);
      }
    }
    Optional<Versioned> current = store.get(markerKey);
    if (current.isEmpty()) {
      // Released or completed since it was listed: one more conditional create decides.
      return store.putIfAbsent(markerKey, body).map(etag -> new Taken(etag, false)).orElse(null);
    }
    Marker holder = Marker.decode(current.get().body());
    Instant now = clock.instant();
    boolean expired = holder != null
        ? holder.expiredAt(now)
        // A marker that is not ours to read: held for a lease from when it was written, as the scaler sees it.
        : listed != null && !new ClaimExclusion(layout.claimsPrefix(), lease).liveAt(listed.lastModified(), now);
    if (!expired) {
      return null;
    }
    return replace(layout, markerKey, current.get().etag(), body).map(etag -> new Taken(etag, true)).orElse(null);
  }

  /** The marker if this claim still holds it. */
  private Optional<Held> held(String markerKey, String claimId) {
    return store.get(markerKey).flatMap(current -> {
      Marker marker = Marker.decode(current.body());
      return marker != null && marker.claimId().equals(claimId)
          ? Optional.of(new Held(current.etag(), marker))
          : Optional.empty();
    });
  }

  /** Renews a lease that ends within {@link #COMPLETE_MARGIN}; false when it could not (taken over). */
  private boolean renewedIfEnding(ClaimLayout layout, String markerKey, Held held) {
    Instant now = clock.instant();
    Marker marker = held.marker();
    if (marker.expiresAt().isAfter(now.plus(COMPLETE_MARGIN))) {
      return true;
    }
    Duration lease = Duration.between(marker.claimedAt(), marker.expiresAt());
    Marker renewed = new Marker(marker.claimId(), marker.key(), marker.size(), now,
        now.plus(lease.compareTo(COMPLETE_MARGIN) > 0 ? lease : COMPLETE_MARGIN.multipliedBy(2)));
    return replace(layout, markerKey, held.etag(), renewed.encode()).isPresent();
  }

  /** Replaces exactly this version of a marker, fenced; empty when it has changed or another taker won. */
  private Optional<String> replace(ClaimLayout layout, String markerKey, String etag, byte[] body) {
    String fence = layout.fenceKey(markerKey, etag);
    if (!takeFence(fence)) {
      return Optional.empty();
    }
    try {
      return store.putIfMatch(markerKey, etag, body);
    } finally {
      store.delete(fence);
    }
  }

  /** Deletes exactly this version of a marker, fenced; false when it has changed. */
  private boolean remove(ClaimLayout layout, String markerKey, String etag) {
    String fence = layout.fenceKey(markerKey, etag);
    if (!takeFence(fence)) {
      return false;
    }
    try {
      // Holding the fence, no one else replaces this version; a create cannot happen while it exists.
      Optional<Versioned> current = store.get(markerKey);
      if (current.isEmpty() || !sameEtag(current.get().etag(), etag)) {
        return false;
      }
      store.delete(markerKey);
      return true;
    } finally {
      store.delete(fence);
    }
  }

  private boolean takeFence(String fence) {
    byte[] body = ("{\"createdAt\":\"" + clock.instant() + "\"}").getBytes(StandardCharsets.UTF_8);
    if (store.putIfAbsent(fence, body).isPresent()) {
      return true;
    }
    Optional<Versioned> existing = store.get(fence);
    if (existing.isPresent()) {
      var node = Json.parse(existing.get().body());
      Instant created;
      try {
        created = node == null ? Instant.EPOCH : Json.instant(node, "createdAt");
      } catch (IllegalArgumentException e) {
        created = Instant.EPOCH;
      }
      if (created.plus(FENCE_TTL).isAfter(clock.instant())) {
        return false; // another claimer is replacing this version right now
      }
      store.delete(fence); // left by a claimer that died holding it
    }
    return store.putIfAbsent(fence, body).isPresent();
  }

  private String holderOf(String markerKey) {
    return store.get(markerKey)
        .map(current -> {
          Marker marker = Marker.decode(current.body());
          return marker == null ? "its marker is not one sparkscale wrote"
              : "claim " + marker.claimId() + " holds it now (this claim's lease ran out; raise --lease)";
        })
        .orElse("its marker is gone (released or completed elsewhere)");
  }

  private void deleteUriList(ClaimLayout layout, Manifest manifest) {
    if (!manifest.isEmpty()) {
      store.delete(layout.batchListKey(manifest.claimId()));
    }
  }

  /** Best effort: markers that cannot be removed expire with their lease. */
  private void giveBack(ClaimLayout layout, String claimId, List<Claimed> claimed) {
    for (Claimed object : claimed) {
      try {
        String markerKey = layout.markerKey(object.key());
        held(markerKey, claimId).ifPresent(held -> remove(layout, markerKey, held.etag()));
      } catch (RuntimeException e) {
        return; // the store is failing: leave the rest to the lease
      }
    }
  }

  /** The pending objects, oldest first (then by key), at most scanLimit of them. */
  private Pending pending(ClaimRequest request, Instant now) {
    CountKey rules = new CountKey(request.store().endpoint(), request.store().region(),
        request.store().forcePathStyle(), request.store().bucket(), request.prefix(), request.suffix(),
        request.minObjectAge(), request.scanLimit(), null,
        new ClaimExclusion(request.claimsPrefix(), request.lease()));
    Instant newestCounted = now.minus(request.minObjectAge());
    List<StoredObject> objects = new ArrayList<>();
    boolean[] limitReached = {false};
    store.list(request.prefix(), object -> {
      if (rules.counts(object.key(), object.size(), object.lastModified(), newestCounted)) {
        if (objects.size() == request.scanLimit()) {
          limitReached[0] = true;
          return false;
        }
        objects.add(object);
      }
      return true;
    });
    objects.sort(Comparator.comparing(StoredObject::lastModified).thenComparing(StoredObject::key, KeyOrder.UTF8));
    return new Pending(objects, limitReached[0]);
  }

  private record Pending(List<StoredObject> objects, boolean limitReached) {}

  static boolean sameEtag(String a, String b) {
    return a != null && b != null && strip(a).equals(strip(b));
  }

  private static String strip(String etag) {
    return etag.startsWith("\"") && etag.endsWith("\"") && etag.length() >= 2
        ? etag.substring(1, etag.length() - 1)
        : etag;
  }

  /** "c20261205T080005-1a2b3c4d": sortable by time, unique by its random tail, safe in a key. */
  static String newId(Clock clock) {
    byte[] random = new byte[6];
    RANDOM.nextBytes(random);
    return "c" + ID_TIME.format(clock.instant()) + "-" + HexFormat.of().formatHex(random);
  }
}
