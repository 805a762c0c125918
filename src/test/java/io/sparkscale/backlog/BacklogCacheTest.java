package io.sparkscale.backlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkscale.testkit.Await;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BacklogCacheTest {

  static final CountKey KEY =
      new CountKey("", "", false, "landing", "incoming/", "", Duration.ZERO, 100_000);
  static final CountKey OTHER =
      new CountKey("", "", false, "landing", "other/", "", Duration.ZERO, 100_000);
  static final Duration TTL = Duration.ofSeconds(10);
  static final Duration MAX_STALENESS = Duration.ofSeconds(60);

  final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T12:00:00Z"));
  final ScriptedSource source = new ScriptedSource().answer(7);
  final RecordingListener listener = new RecordingListener();
  BacklogCache cache = cache(Duration.ofSeconds(5));

  /** No refresh-ahead timer: tests that want it call tick() after moving the clock. */
  BacklogCache cache(Duration answerWithin) {
    return new BacklogCache(source, new CacheSettings(TTL, MAX_STALENESS, answerWithin), clock, listener,
        BacklogCache.DEFAULT_PARALLELISM, BacklogCache.MAX_QUEUED, false);
  }

  @AfterEach
  void close() {
    source.release();
    cache.close();
  }

  @Test
  void aFreshCountIsAnsweredWithoutListingAgain() throws Exception {
    assertThat(cache.get(KEY).objects()).isEqualTo(7);
    source.answer(8);
    clock.advance(TTL);

    assertThat(cache.get(KEY).objects()).isEqualTo(7);
    assertThat(source.listings).hasValue(1);
    assertThat(listener.events).containsExactly("started", "counted 7", "hit");
  }

  @Test
  void anExpiredCountIsServedAtOnceAndListedAgain() throws Exception {
    cache.get(KEY);
    source.answer(8);
    clock.advance(TTL.plusMillis(1));

    // Stale-while-revalidate: the count at hand now, the refresh behind it.
    assertThat(cache.get(KEY).objects()).isEqualTo(7);
    assertThat(waitForCount(8)).isEqualTo(8);
    assertThat(source.listings).hasValue(2);
    assertThat(listener.events).containsSubsequence("counted 7", "started", "counted 8");
    assertThat(listener.events).contains("stale PT10.001S");
  }

  @Test
  void eachKeyHasItsOwnEntry() throws Exception {
    cache.get(KEY);
    cache.get(OTHER);
    cache.get(KEY);

    assertThat(source.listings).hasValue(2);
    assertThat(cache.size()).isEqualTo(2);
  }

  @Test
  void concurrentCallersShareOneListing() throws Exception {
    source.hold();
    ExecutorService callers = Executors.newFixedThreadPool(16);
    try {
      List<Future<BacklogCount>> answers = new ArrayList<>();
      Callable<BacklogCount> ask = () -> cache.get(KEY);
      for (int i = 0; i < 50; i++) {
        answers.add(callers.submit(ask));
      }
      assertThat(source.awaitFirstListing()).isTrue();
      source.release();
      for (Future<BacklogCount> answer : answers) {
        assertThat(answer.get(5, TimeUnit.SECONDS).objects()).isEqualTo(7);
      }
    } finally {
      callers.shutdownNow();
    }
    assertThat(source.listings).hasValue(1);
  }

  @Test
  void listingsRunOnNamedDaemonThreads() throws Exception {
    cache.get(KEY);

    assertThat(source.threadNames).singleElement().asString().startsWith("sparkscale-count-");
    assertThat(source.daemon).containsExactly(true);
  }

  @Test
  void aSlowFirstListingIsReportedAsInProgressWithinAnswerWithin() throws Exception {
    cache = cache(Duration.ofMillis(300));
    source.hold();

    long start = System.nanoTime();
    assertThatThrownBy(() -> cache.get(KEY))
        .isInstanceOf(BacklogUnavailableException.class)
        .hasMessageStartingWith("count in progress for s3://landing/incoming/");
    // Generous bound: the listing never finishes on its own, the answer must not wait for it.
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));

    // A second caller does not start a second listing; once it finishes the count is there.
    assertThatThrownBy(() -> cache.get(KEY)).hasMessageStartingWith("count in progress");
    source.release();
    assertThat(waitForCount(7)).isEqualTo(7);
    assertThat(source.listings).hasValue(1);
  }

  @Test
  void aSlowRefreshServesTheLastCountIfYoungEnough() throws Exception {
    cache = cache(Duration.ofMillis(200));
    cache.get(KEY);
    clock.advance(Duration.ofSeconds(30));
    source.answer(9).hold();

    BacklogCount answer = cache.get(KEY);

    assertThat(answer.objects()).isEqualTo(7);
    assertThat(listener.events).contains("stale PT30S");
    source.release();
    assertThat(waitForCount(9)).isEqualTo(9);
  }

  @Test
  void aSlowRefreshWithOnlyATooOldCountIsUnavailable() throws Exception {
    cache = cache(Duration.ofMillis(200));
    cache.get(KEY);
    clock.advance(MAX_STALENESS.plusSeconds(1));
    source.hold();

    assertThatThrownBy(() -> cache.get(KEY)).hasMessageStartingWith("count in progress");
    assertThat(listener.count("stale")).isZero();
  }

  @Test
  void aFailureIsUnavailableWithTheCauseThenRecovers() throws Exception {
    source.fail(new BacklogUnavailableException("s3://landing/incoming/: NoSuchBucket: no such bucket"));

    assertThatThrownBy(() -> cache.get(KEY))
        .isInstanceOf(BacklogUnavailableException.class)
        .hasMessage("s3://landing/incoming/: NoSuchBucket: no such bucket")
        .hasCauseInstanceOf(BacklogUnavailableException.class);
    // Callers right behind share the failure instead of listing again.
    assertThatThrownBy(() -> cache.get(KEY)).hasMessageContaining("NoSuchBucket");
    assertThat(source.listings).hasValue(1);

    source.answer(4);
    clock.advance(Duration.ofSeconds(1));

    assertThat(cache.get(KEY).objects()).isEqualTo(4);
    assertThat(source.listings).hasValue(2);
    assertThat(listener.events)
        .containsExactly(
            "started", "failed s3://landing/incoming/: NoSuchBucket: no such bucket", "started", "counted 4");
  }

  @Test
  void aFailureServesTheLastGoodCountWhileYoungEnoughNeverAZero() throws Exception {
    cache.get(KEY);
    source.fail(new BacklogUnavailableException("s3://landing/incoming/: connection refused"));

    clock.advance(Duration.ofSeconds(40));
    assertThat(cache.get(KEY).objects()).isEqualTo(7);
    assertThat(listener.events).contains("stale PT40S");

    clock.advance(Duration.ofSeconds(21));
    assertThatThrownBy(() -> cache.get(KEY)).hasMessageContaining("connection refused");
  }

  @Test
  void aBugInTheSourceIsUnavailableNotACrash() {
    source.bug(new IllegalStateException("boom"));

    assertThatThrownBy(() -> cache.get(KEY))
        .isInstanceOf(BacklogUnavailableException.class)
        .hasMessageContaining("counting s3://landing/incoming/ failed")
        .hasMessageContaining("boom");
  }

  @Test
  void idleEntriesAreEvicted() throws Exception {
    cache.get(KEY);
    cache.get(OTHER);
    for (int minute = 0; minute < 11; minute++) {
      clock.advance(Duration.ofMinutes(1));
      cache.get(OTHER); // asked every minute, so it stays
    }

    assertThat(cache.size()).isEqualTo(1);
    awaitNoListings();
    int before = source.listings.get();
    cache.get(KEY);
    assertThat(source.listings).hasValue(before + 1);
  }

  @Test
  void listingsBeyondTheQueueAreRefusedAsUnavailable() throws Exception {
    CountKey third = new CountKey("", "", false, "landing", "third/", "", Duration.ZERO, 10);
    source.hold();
    try (BacklogCache small =
        new BacklogCache(
            source, new CacheSettings(TTL, MAX_STALENESS, Duration.ofMillis(50)), clock, listener, 1, 1, false)) {
      assertThatThrownBy(() -> small.get(KEY)).hasMessageStartingWith("count in progress"); // running
      assertThat(source.awaitFirstListing()).isTrue();
      assertThatThrownBy(() -> small.get(OTHER)).hasMessageStartingWith("count in progress"); // queued

      assertThatThrownBy(() -> small.get(third))
          .isInstanceOf(BacklogUnavailableException.class)
          .hasMessage("too many counts waiting (1 queued) to count s3://landing/third/");
    }
  }

  @Test
  void afterCloseCallersAreToldSoInsteadOfWaiting() {
    cache.close();

    assertThatThrownBy(() -> cache.get(KEY))
        .isInstanceOf(BacklogUnavailableException.class)
        .hasMessage("the scaler is shutting down; not counting s3://landing/incoming/");
  }

  @Test
  void aBrokenListenerDoesNotBreakCounting() throws Exception {
    BacklogListener broken =
        new BacklogListener() {
          @Override
          public void cacheHit(CountKey key) {
            throw new IllegalStateException("metrics down");
          }

          @Override
          public void counted(CountKey key, BacklogCount count) {
            throw new IllegalStateException("metrics down");
          }
        };
    try (BacklogCache withBroken =
        new BacklogCache(source, CacheSettings.defaults(), clock, broken)) {
      assertThat(withBroken.get(KEY).objects()).isEqualTo(7);
      assertThat(withBroken.get(KEY).objects()).isEqualTo(7);
    }
  }

  @Test
  void settingsAreChecked() {
    assertThatThrownBy(() -> new CacheSettings(Duration.ZERO, MAX_STALENESS, Duration.ofSeconds(1)))
        .hasMessageContaining("ttl");
    assertThatThrownBy(() -> new CacheSettings(TTL, Duration.ofSeconds(-1), Duration.ofSeconds(1)))
        .hasMessageContaining("maxStaleness");
    assertThat(CacheSettings.defaults().idleEviction()).isEqualTo(Duration.ofMinutes(10));
    assertThat(new CacheSettings(Duration.ofMinutes(5), MAX_STALENESS, TTL).idleEviction())
        .isEqualTo(Duration.ofMinutes(50));
  }

  /** Waits until no listing is queued or running (refreshes started in the background have landed). */
  void awaitNoListings() throws Exception {
    Await.untilTrue("no listing queued or running", () -> cache.queuedListings() == 0 && cache.runningListings() == 0);
  }

  /** Asks until the background listing the test released has landed with {@code expected}; returns it. */
  private long waitForCount(long expected) throws Exception {
    return Await.until("the released listing to land with " + expected, () -> {
      try {
        return cache.get(KEY).objects();
      } catch (BacklogUnavailableException e) {
        return -1L;
      }
    }, objects -> objects == expected);
  }
}
