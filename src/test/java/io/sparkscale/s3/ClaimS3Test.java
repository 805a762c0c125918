package io.sparkscale.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkscale.backlog.BacklogCount;
import io.sparkscale.backlog.ClaimExclusion;
import io.sparkscale.backlog.CountKey;
import io.sparkscale.backlog.MutableClock;
import io.sparkscale.claim.BatchLimits;
import io.sparkscale.claim.ClaimRequest;
import io.sparkscale.claim.Claimer;
import io.sparkscale.claim.ConditionalWritesUnsupportedException;
import io.sparkscale.claim.Manifest;
import io.sparkscale.claim.StoreAddress;
import io.sparkscale.s3.FaultInjectingProxy.ConditionalWrites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The claim protocol against a real S3 API server. s3proxy 4.1.0 (filesystem-nio2 backend) honours both
 * conditional writes: If-None-Match: * atomically (it publishes the object with link(2), which fails when
 * the key exists), If-Match by comparing the ETag and then writing, which lets two concurrent writers of one
 * version both succeed; the claim protocol's fences are what keep takeovers single here.
 */
class ClaimS3Test {

  static final Duration LEASE = Duration.ofMinutes(1);
  static S3ProxyServer s3;

  @BeforeAll
  static void start() throws Exception {
    s3 = S3ProxyServer.start();
  }

  @AfterAll
  static void stop() {
    if (s3 != null) {
      s3.close();
    }
  }

  static StoreAddress address(String bucket, String endpoint) {
    return new StoreAddress(bucket, endpoint, "us-east-1", true);
  }

  static ClaimRequest request(String bucket, String endpoint, long batch) {
    return new ClaimRequest(address(bucket, endpoint), "in/", "", Duration.ZERO, null, LEASE,
        new BatchLimits(batch, null), 100_000, "s3a");
  }

  /** Keys in/k000.. with distinct ages, oldest first. */
  static List<String> seed(String bucket, int n) {
    List<String> keys = new ArrayList<>();
    Instant start = Instant.now().minus(Duration.ofHours(1));
    for (int i = 0; i < n; i++) {
      String key = String.format("in/k%03d", i);
      s3.put(bucket, key, new byte[100 + i], start.plusSeconds(i));
      keys.add(key);
    }
    return keys;
  }

  static Set<String> objects(String bucket) throws Exception {
    Path root = s3.basedir().resolve(bucket);
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(Files::isRegularFile).map(p -> root.relativize(p).toString())
          .collect(java.util.stream.Collectors.toCollection(TreeSet::new));
    }
  }

  /**
   * Claimers on their own clients claim, "process" (count) and complete until nothing is left; claimer 0
   * dies holding its first batch (no complete, no release).
   */
  static void race(String bucket, MutableClock clock, int claimers, boolean firstDies,
      Map<String, Integer> processed, List<Manifest> dead) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(claimers);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int c = 0; c < claimers; c++) {
        boolean dies = firstDies && c == 0;
        running.add(pool.submit(() -> {
          try (S3ClaimStore store = new S3ClaimStore(address(bucket, s3.endpoint()), S3ProxyServer.credentials())) {
            Claimer claimer = new Claimer(store, clock);
            while (true) {
              Manifest batch = claimer.claim(request(bucket, s3.endpoint(), 5)).manifest();
              if (batch.isEmpty()) {
                return null;
              }
              if (dies) {
                dead.add(batch);
                return null;
              }
              batch.objects().forEach(o -> processed.merge(o.key(), 1, Integer::sum));
              Claimer.Outcome outcome = claimer.complete(batch);
              assertThat(outcome.lost()).isEmpty();
            }
          }
        }));
      }
      for (Future<?> claimer : running) {
        claimer.get(3, TimeUnit.MINUTES); // fails the test naming the timeout if a claimer hangs
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void manyClaimersRacingProcessEveryKeyOnceAndADeadClaimersBatchIsTakenOverOnce() throws Exception {
    List<String> keys = seed("race", 60);
    MutableClock clock = new MutableClock(Instant.now());
    Map<String, Integer> processed = new ConcurrentHashMap<>();
    List<Manifest> dead = java.util.Collections.synchronizedList(new ArrayList<>());

    race("race", clock, 6, true, processed, dead);

    assertThat(dead).hasSize(1);
    List<String> deadKeys = dead.get(0).objects().stream().map(Manifest.Claimed::key).toList();
    assertThat(deadKeys).hasSize(5);
    assertThat(processed.keySet()).hasSize(55).doesNotContainAnyElementsOf(deadKeys);
    assertThat(processed.values()).as("each key processed once").containsOnly(1);
    assertThat(objects("race")).as("only the dead batch's data and markers are left")
        .containsAll(deadKeys)
        .noneMatch(k -> k.contains("/fences/") || k.contains("/probe/"));

    // Past the lease by the claimers' clock and by the markers' LastModified (the store's clock).
    clock.advance(Duration.between(clock.instant(), Instant.now()).plus(LEASE).plusSeconds(1));
    race("race", clock, 6, false, processed, dead);

    assertThat(processed.keySet()).containsExactlyInAnyOrderElementsOf(keys);
    assertThat(processed.values()).as("the dead batch was taken over once").containsOnly(1);
    assertThat(objects("race")).as("every object completed; the dead claim's URI list is all that is left")
        .containsExactly("sparkscale-claims/in/batches/" + dead.get(0).claimId() + ".txt");
  }

  @Test
  void aStoreThatIgnoresConditionalWritesIsRefusedAndNothingIsClaimed() throws Exception {
    seed("ignoring", 3);
    try (FaultInjectingProxy proxy = new FaultInjectingProxy(s3.endpoint());
        S3ClaimStore store = new S3ClaimStore(address("ignoring", proxy.endpoint()), S3ProxyServer.credentials())) {
      proxy.conditionalWrites(ConditionalWrites.IGNORE);
      Claimer claimer = new Claimer(store, java.time.Clock.systemUTC());
      assertThatThrownBy(() -> claimer.claim(request("ignoring", proxy.endpoint(), 5)))
          .isInstanceOf(ConditionalWritesUnsupportedException.class)
          .hasMessageContaining("ignored If-None-Match: *")
          .hasMessageNotContaining("\n");
    }
    assertThat(objects("ignoring")).containsExactly("in/k000", "in/k001", "in/k002");
  }

  @Test
  void aStoreThatRefusesConditionalWritesIsNamedWithItsAnswer() throws Exception {
    seed("refusing", 2);
    try (FaultInjectingProxy proxy = new FaultInjectingProxy(s3.endpoint());
        S3ClaimStore store = new S3ClaimStore(address("refusing", proxy.endpoint()), S3ProxyServer.credentials())) {
      proxy.conditionalWrites(ConditionalWrites.REFUSE);
      Claimer claimer = new Claimer(store, java.time.Clock.systemUTC());
      assertThatThrownBy(() -> claimer.claim(request("refusing", proxy.endpoint(), 5)))
          .isInstanceOf(ConditionalWritesUnsupportedException.class)
          .hasMessageContaining("does not implement conditional writes")
          .hasMessageContaining("NotImplemented")
          .hasMessageNotContaining("\n");
    }
    assertThat(objects("refusing")).containsExactly("in/k000", "in/k001");
  }

  @Test
  void theCountLeavesOutKeysUnderALiveClaimUntilItsLeaseEnds() throws Exception {
    seed("counted", 5);
    MutableClock clock = new MutableClock(Instant.now());
    CountKey key = new CountKey(s3.endpoint(), "us-east-1", true, "counted", "in/", "", Duration.ZERO, 1000,
        null, new ClaimExclusion("sparkscale-claims/in/", LEASE));
    try (S3ClaimStore store = new S3ClaimStore(address("counted", s3.endpoint()), S3ProxyServer.credentials());
        S3BacklogSource source = new S3BacklogSource(S3Settings.defaults(), S3ProxyServer.credentials(), clock)) {
      Claimer claimer = new Claimer(store, clock);
      Manifest batch = claimer.claim(request("counted", s3.endpoint(), 3)).manifest();
      BacklogCount claimed = source.count(key);
      assertThat(claimed.objects()).isEqualTo(2);
      assertThat(claimed.bytes()).isEqualTo(103 + 104);

      claimer.release(batch);
      assertThat(source.count(key).objects()).isEqualTo(5);

      claimer.claim(request("counted", s3.endpoint(), 3));
      clock.advance(LEASE.plusSeconds(5));
      assertThat(source.count(key).objects()).as("an expired claim counts as pending again").isEqualTo(5);

      CountKey withoutClaims = new CountKey(s3.endpoint(), "us-east-1", true, "counted", "", "", Duration.ZERO, 1000,
          null, new ClaimExclusion("sparkscale-claims/in/", LEASE));
      assertThat(source.count(withoutClaims).objects()).as("markers and URI lists are never data").isEqualTo(5);
    }
  }
}
