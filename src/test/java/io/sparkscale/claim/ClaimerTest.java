package io.sparkscale.claim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkscale.backlog.MutableClock;
import io.sparkscale.claim.Manifest.Claimed;
import io.sparkscale.units.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The claim protocol over an atomic in-memory store; ClaimerS3Test runs it against s3proxy. */
class ClaimerTest {

  static final Instant START = Instant.parse("2026-12-05T08:00:00Z");
  static final StoreAddress ADDRESS = new StoreAddress("landing", "", "", false);

  final MutableClock clock = new MutableClock(START);
  final MemoryClaimStore store = new MemoryClaimStore(clock);

  static ClaimRequest request(Long objects, Long bytes) {
    return new ClaimRequest(ADDRESS, "in/", "", Duration.ZERO, null, Duration.ofHours(2),
        new BatchLimits(objects, bytes), 100_000, "s3a");
  }

  /** Keys in/k0..k(n-1), each a minute older than the next, 10 bytes each. */
  void seed(int n) {
    for (int i = 0; i < n; i++) {
      store.putData("in/k" + i, 10, START.minus(Duration.ofMinutes(n - i)));
    }
  }

  Claimer claimer() {
    return new Claimer(store, clock);
  }

  static List<String> keys(Manifest manifest) {
    return manifest.objects().stream().map(Claimed::key).toList();
  }

  @Test
  void batchesAreTheOldestKeysAndNoKeyIsInTwo() {
    seed(5);
    store.putData("in/old-but-listed-last", 10, START.minus(Duration.ofHours(1)));
    Manifest first = claimer().claim(request(3L, null)).manifest();
    Manifest second = claimer().claim(request(3L, null)).manifest();
    Manifest third = claimer().claim(request(3L, null)).manifest();

    assertThat(keys(first)).containsExactly("in/old-but-listed-last", "in/k0", "in/k1");
    assertThat(keys(second)).containsExactly("in/k2", "in/k3", "in/k4");
    assertThat(third.isEmpty()).isTrue();
    assertThat(third.uriList()).isNull();
    assertThat(first.uris()).containsExactly("s3a://landing/in/old-but-listed-last", "s3a://landing/in/k0",
        "s3a://landing/in/k1");
    assertThat(first.bytes()).isEqualTo(30);
    assertThat(first.expiresAt()).isEqualTo(START.plus(Duration.ofHours(2)));
    assertThat(first.claimId()).isNotEqualTo(second.claimId()).matches("c20261205T080000-[0-9a-f]{12}");
  }

  @Test
  void markersAndTheUriListLieUnderTheClaimsPrefix() {
    seed(2);
    Manifest batch = claimer().claim(request(5L, null)).manifest();
    assertThat(store.snapshot().keySet()).containsExactlyInAnyOrder("in/k0", "in/k1",
        "sparkscale-claims/in/markers/k0", "sparkscale-claims/in/markers/k1",
        "sparkscale-claims/in/batches/" + batch.claimId() + ".txt");
    assertThat(batch.uriList()).isEqualTo("s3a://landing/sparkscale-claims/in/batches/" + batch.claimId() + ".txt");
    String list = MemoryClaimStore.text(store.get("sparkscale-claims/in/batches/" + batch.claimId() + ".txt")
        .orElseThrow().body());
    assertThat(list).isEqualTo("s3a://landing/in/k0\ns3a://landing/in/k1\n");
    String marker = MemoryClaimStore.text(store.get("sparkscale-claims/in/markers/k0").orElseThrow().body());
    assertThat(marker).contains("\"claim\" : \"" + batch.claimId() + "\"", "\"key\" : \"in/k0\"",
        "\"expiresAt\" : \"2026-12-05T10:00:00Z\"");
  }

  @Test
  void byteLimitStopsBeforeTheFirstObjectThatDoesNotFitButTakesOneBigObjectAlone() {
    store.putData("in/a", 40, START.minus(Duration.ofMinutes(3)));
    store.putData("in/b", 40, START.minus(Duration.ofMinutes(2)));
    store.putData("in/c", 10, START.minus(Duration.ofMinutes(1)));
    store.putData("in/huge", 500, START.minus(Duration.ofMinutes(10)));
    assertThat(keys(claimer().claim(request(null, 100L)).manifest())).containsExactly("in/huge");
    // a then b fill 80; c would fit but is newer than nothing skipped: 90 <= 100, so it is taken too
    assertThat(keys(claimer().claim(request(null, 100L)).manifest())).containsExactly("in/a", "in/b", "in/c");
    store.putData("in/d", 60, START.minus(Duration.ofMinutes(2)));
    store.putData("in/e", 50, START.minus(Duration.ofMinutes(1)));
    store.putData("in/f", 10, START);
    // d (60) then e (60 + 50 > 100): stop, although f would fit: oldest first, no skipping ahead
    assertThat(keys(claimer().claim(request(null, 100L)).manifest())).containsExactly("in/d");
  }

  @Test
  void bothLimitsApplyWhicheverIsReachedFirst() {
    seed(6);
    assertThat(keys(claimer().claim(request(2L, 1000L)).manifest())).hasSize(2);
    assertThat(keys(claimer().claim(request(10L, 25L)).manifest())).hasSize(2);
  }

  @Test
  void theTriggersFiltersApplyAndClaimBookkeepingIsNeverData() {
    store.putData("data.csv", 10, START.minus(Duration.ofHours(1)));
    store.putData("data.tmp", 10, START.minus(Duration.ofHours(1)));
    store.putData("fresh.csv", 10, START.minus(Duration.ofSeconds(10)));
    store.putData("dir/", 0, START.minus(Duration.ofHours(1)));
    store.putData("claims/stale.csv", 10, START.minus(Duration.ofHours(1)));
    ClaimRequest wholeBucket = new ClaimRequest(ADDRESS, "", ".csv", Duration.ofMinutes(1), "claims/",
        Duration.ofHours(1), new BatchLimits(10L, null), 1000, "s3");
    Manifest batch = claimer().claim(wholeBucket).manifest();
    assertThat(keys(batch)).containsExactly("data.csv");
    assertThat(batch.uris()).containsExactly("s3://landing/data.csv");
    // its own markers are under claims/ and are not claimed by the next claim either
    assertThat(claimer().claim(wholeBucket).manifest().isEmpty()).isTrue();
  }

  @Test
  void anExpiredClaimIsTakenOverOnceAndItsOwnerIsToldAtCompletion() {
    seed(3);
    Manifest crashed = claimer().claim(request(3L, null)).manifest();
    clock.advance(Duration.ofMinutes(119));
    assertThat(claimer().claim(request(3L, null)).manifest().isEmpty()).as("still leased").isTrue();
    clock.advance(Duration.ofMinutes(2));
    Claimer.Result takeover = claimer().claim(request(3L, null));
    assertThat(keys(takeover.manifest())).containsExactly("in/k0", "in/k1", "in/k2");
    assertThat(takeover.takenOver()).isEqualTo(3);
    assertThat(claimer().claim(request(3L, null)).manifest().isEmpty()).as("taken over once").isTrue();
    assertThat(store.snapshot().keySet()).noneMatch(k -> k.contains("/fences/"));

    Claimer.Outcome late = claimer().complete(crashed);
    assertThat(late.done()).isZero();
    assertThat(late.lost()).hasSize(3).allMatch(line -> line.contains(takeover.manifest().claimId()));
    assertThat(store.exists("in/k0")).as("data left to its new holder").isTrue();
  }

  @Test
  void completeDeletesDataThenMarkersAndARetryIsDone() {
    seed(3);
    Manifest batch = claimer().claim(request(2L, null)).manifest();
    Claimer.Outcome outcome = claimer().complete(batch);
    assertThat(outcome.done()).isEqualTo(2);
    assertThat(outcome.lost()).isEmpty();
    assertThat(store.snapshot().keySet()).containsExactly("in/k2");
    Claimer.Outcome again = claimer().complete(batch);
    assertThat(again.done()).isEqualTo(2);
    assertThat(again.lost()).isEmpty();
  }

  @Test
  void releaseGivesTheKeysBackAndKeepsTheData() {
    seed(2);
    Manifest batch = claimer().claim(request(5L, null)).manifest();
    Claimer.Outcome outcome = claimer().release(batch);
    assertThat(outcome.done()).isEqualTo(2);
    assertThat(store.snapshot().keySet()).containsExactly("in/k0", "in/k1");
    assertThat(keys(claimer().claim(request(5L, null)).manifest())).containsExactly("in/k0", "in/k1");
  }

  @Test
  void releaseLeavesAKeyAnotherClaimTookOver() {
    seed(1);
    Manifest old = claimer().claim(request(5L, null)).manifest();
    clock.advance(Duration.ofHours(3));
    Manifest taker = claimer().claim(request(5L, null)).manifest();
    Claimer.Outcome outcome = claimer().release(old);
    assertThat(outcome.done()).isZero();
    assertThat(outcome.lost()).singleElement().asString().contains(taker.claimId());
    assertThat(claimer().claim(request(5L, null)).manifest().isEmpty()).as("the taker still holds it").isTrue();
  }

  @Test
  void completeRenewsALeaseAboutToEndBeforeDeleting() {
    seed(1);
    Manifest batch = claimer().claim(request(1L, null)).manifest();
    clock.advance(Duration.ofMinutes(118));
    String markerKey = "sparkscale-claims/in/markers/k0";
    String before = store.get(markerKey).orElseThrow().etag();
    MemoryClaimStore spy = store;
    Claimer.Outcome outcome = new Claimer(new RecordingStore(spy), clock).complete(batch);
    assertThat(outcome.done()).isEqualTo(1);
    assertThat(RecordingStore.lastRenewedFrom).isEqualTo(before);
  }

  @Test
  void aKeyCompletedBetweenListingAndClaimIsNotInTheBatch() {
    seed(2);
    ClaimStore racing = new ForwardingStore(store) {
      @Override
      public java.util.Optional<String> putIfAbsent(String key, byte[] body) {
        java.util.Optional<String> etag = super.putIfAbsent(key, body);
        if (key.endsWith("markers/k0")) {
          store.delete("in/k0"); // another Job's completion lands right after this claim's create
        }
        return etag;
      }
    };
    Manifest batch = new Claimer(racing, clock).claim(request(5L, null)).manifest();
    assertThat(keys(batch)).containsExactly("in/k1");
    assertThat(store.exists("sparkscale-claims/in/markers/k0")).isFalse();
  }

  @Test
  void aStoreThatIgnoresIfNoneMatchIsRefusedBeforeAnythingIsClaimed() {
    seed(2);
    store.ignoreIfNoneMatch = true;
    assertThatThrownBy(() -> claimer().claim(request(5L, null)))
        .isInstanceOf(ConditionalWritesUnsupportedException.class)
        .hasMessageContaining("ignored If-None-Match: *")
        .hasMessageNotContaining("\n");
    assertThat(store.snapshot().keySet()).containsExactly("in/k0", "in/k1");
  }

  @Test
  void aStoreThatIgnoresIfMatchIsRefusedToo() {
    seed(1);
    store.ignoreIfMatch = true;
    assertThatThrownBy(() -> claimer().claim(request(5L, null)))
        .isInstanceOf(ConditionalWritesUnsupportedException.class)
        .hasMessageContaining("ignored If-Match");
  }

  @Test
  void aFenceLeftByADeadClaimerBlocksTakeoverOnlyUntilItIsStale() {
    seed(1);
    Manifest first = claimer().claim(request(1L, null)).manifest();
    clock.advance(Duration.ofHours(3));
    String markerKey = "sparkscale-claims/in/markers/k0";
    String etag = store.get(markerKey).orElseThrow().etag();
    String fence = first.layout().fenceKey(markerKey, etag);
    store.put(fence, ("{\"createdAt\":\"" + clock.instant() + "\"}").getBytes(StandardCharsets.UTF_8), "x");
    assertThat(claimer().claim(request(1L, null)).manifest().isEmpty()).as("a taker is at work").isTrue();
    clock.advance(Claimer.FENCE_TTL.plusSeconds(1));
    assertThat(keys(claimer().claim(request(1L, null)).manifest())).containsExactly("in/k0");
    assertThat(store.exists(fence)).isFalse();
  }

  @Test
  void aFailureMidClaimGivesBackWhatWasTaken() {
    seed(3);
    ClaimStore failing = new ForwardingStore(store) {
      @Override
      public void put(String key, byte[] body, String contentType) {
        throw new ClaimStoreException("uri list: access denied");
      }
    };
    assertThatThrownBy(() -> new Claimer(failing, clock).claim(request(3L, null)))
        .hasMessageContaining("access denied");
    assertThat(store.snapshot().keySet()).containsExactly("in/k0", "in/k1", "in/k2");
  }

  @Test
  void badRequestsNameTheFlag() {
    assertThatThrownBy(() -> new BatchLimits(null, null)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("--batch-objects");
    assertThatThrownBy(() -> new ClaimRequest(ADDRESS, "in/", "", null, "in/claims", null,
        new BatchLimits(1L, null), 10, "s3a")).hasMessageContaining("--claims-prefix").hasMessageContaining("'/'");
    assertThatThrownBy(() -> new ClaimRequest(ADDRESS, "in/x/", "", null, "in/", null,
        new BatchLimits(1L, null), 10, "s3a")).hasMessageContaining("contains the data prefix");
    assertThatThrownBy(() -> new ClaimRequest(ADDRESS, "in/", "", null, null, Duration.ofSeconds(5),
        new BatchLimits(1L, null), 10, "s3a")).hasMessageContaining("--lease");
    assertThatThrownBy(() -> new ClaimRequest(ADDRESS, "in/", "", null, null, null,
        new BatchLimits(1L, null), 10, "gs")).hasMessageContaining("--uri-scheme");
  }

  @Test
  void theManifestReadsBackAsWritten() {
    seed(2);
    Manifest batch = claimer().claim(request(5L, null)).manifest();
    Manifest read = Manifest.parse(batch.toJson(), "batch.json");
    assertThat(read).isEqualTo(batch);
    assertThatThrownBy(() -> Manifest.parse("{\"version\": 1}", "batch.json"))
        .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("batch.json: not a valid claim manifest");
    assertThatThrownBy(() -> Manifest.parse("spark-defaults", "x.conf"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("not a claim manifest");
  }

  /** Remembers the ETag a renewal replaced. */
  static final class RecordingStore extends ForwardingStore {
    static volatile String lastRenewedFrom;

    RecordingStore(ClaimStore inner) {
      super(inner);
    }

    @Override
    public java.util.Optional<String> putIfMatch(String key, String etag, byte[] body) {
      lastRenewedFrom = etag;
      return super.putIfMatch(key, etag, body);
    }
  }
}
