package io.sparkscale.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.THROWABLE;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import io.sparkscale.backlog.BacklogCache;
import io.sparkscale.backlog.BacklogCount;
import io.sparkscale.backlog.BacklogListener;
import io.sparkscale.backlog.BacklogUnavailableException;
import io.sparkscale.backlog.CacheSettings;
import io.sparkscale.backlog.CountKey;
import io.sparkscale.backlog.MutableClock;
import io.sparkscale.testkit.Await;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A store that stops, throttles or crawls: never a made-up count, and answers stay within bounds. */
class S3FailureTest {

  /** Short limits so failures show quickly; 3 attempts as in production. */
  static final S3Settings FAST = new S3Settings(Duration.ofSeconds(10), Duration.ofSeconds(3), 3);

  static S3ProxyServer s3;
  FaultInjectingProxy proxy;
  S3BacklogSource source;

  @BeforeAll
  static void seed() throws Exception {
    s3 = S3ProxyServer.start();
    for (int i = 0; i < 12; i++) {
      s3.put("landing", "in/" + i + ".csv", 100);
    }
  }

  @AfterAll
  static void stopStore() {
    if (s3 != null) {
      s3.close();
    }
  }

  @BeforeEach
  void startProxy() throws Exception {
    s3.restart(); // in case a test stopped it
    proxy = new FaultInjectingProxy(s3.endpoint());
    source = new S3BacklogSource(FAST, S3ProxyServer.credentials());
  }

  @AfterEach
  void stopProxy() {
    source.close();
    proxy.close();
  }

  CountKey direct() {
    return new CountKey(s3.endpoint(), "us-east-1", true, "landing", "in/", "", Duration.ZERO, 1000);
  }

  CountKey viaProxy() {
    return new CountKey(proxy.endpoint(), "us-east-1", true, "landing", "in/", "", Duration.ZERO, 1000);
  }

  @Test
  void storeStoppedIsUnavailableWithTheCauseThenRecovers() throws Exception {
    assertThat(source.count(direct()).objects()).isEqualTo(12);

    s3.stop();
    assertThatThrownBy(() -> source.count(direct()))
        .isInstanceOf(BacklogUnavailableException.class)
        .hasMessageStartingWith("s3://landing/in/ at " + s3.endpoint() + ": connection refused to "
            + s3.endpoint());

    s3.restart();
    assertThat(source.count(direct()).objects()).isEqualTo(12);
  }

  @Test
  void throughTheCacheAStoppedStoreServesStaleThenUnavailableThenRecovers() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-27T12:00:00Z"));
    CacheSettings settings =
        new CacheSettings(Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(5));
    CountKey own = new CountKey(s3.endpoint(), "us-east-1", true, "recover", "", "", Duration.ZERO, 1000);
    s3.put("recover", "a.csv", 1);
    try (BacklogCache cache = new BacklogCache(source, settings, clock, BacklogListener.NONE)) {
      assertThat(cache.get(own).objects()).isEqualTo(1);
      s3.stop();

      clock.advance(Duration.ofSeconds(30));
      assertThat(cache.get(own).objects()).isEqualTo(1); // stale, within max staleness

      clock.advance(Duration.ofSeconds(31));
      assertThatThrownBy(() -> cache.get(own))
          .isInstanceOf(BacklogUnavailableException.class)
          .hasMessageContaining("connection refused");

      s3.put("recover", "b.csv", 1);
      s3.restart();
      clock.advance(Duration.ofSeconds(1)); // past the failure hold
      assertThat(cache.get(own).objects()).isEqualTo(2);
    }
  }

  @Test
  void slowDownIsRetriedByTheSdk() throws Exception {
    proxy.slowDownNext(2);

    BacklogCount count = source.count(viaProxy());

    assertThat(count.objects()).isEqualTo(12);
    assertThat(proxy.slowDownsSent()).isEqualTo(2);
    assertThat(proxy.requests()).isEqualTo(3);
    assertThat(count.listRequests()).isEqualTo(1); // pages, not attempts
  }

  @Test
  void slowDownBeyondTheAttemptsIsUnavailableNamingIt() {
    proxy.slowDownNext(3);

    assertThatThrownBy(() -> source.count(viaProxy()))
        .isInstanceOf(BacklogUnavailableException.class)
        .hasMessageContaining(": SlowDown: Please reduce your request rate. (HTTP 503)");
    assertThat(proxy.requests()).isEqualTo(3);
  }

  @Test
  void aSlowStoreStillGetsAnAnswerWithinASecond() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-27T12:00:00Z"));
    S3Settings patient = new S3Settings(Duration.ofSeconds(30), Duration.ofSeconds(15), 1);
    try (S3BacklogSource slow = new S3BacklogSource(patient, S3ProxyServer.credentials());
        BacklogCache cache =
            new BacklogCache(slow, CacheSettings.defaults(), clock, BacklogListener.NONE)) {
      proxy.delay(Duration.ofSeconds(4)); // a listing takes 4 s; every answer must come within ~1 s

      assertThat(timed(() -> cache.get(viaProxy())))
          .asInstanceOf(THROWABLE)
          .isInstanceOf(BacklogUnavailableException.class)
          .hasMessageStartingWith("count in progress for s3://landing/in/");

      assertThat(awaitCount(cache)).isEqualTo(12);

      clock.advance(Duration.ofSeconds(20)); // expired, still within max staleness
      assertThat(timed(() -> cache.get(viaProxy())))
          .asInstanceOf(type(BacklogCount.class))
          .extracting(BacklogCount::objects)
          .isEqualTo(12L);
    }
  }

  @Test
  void concurrentCallersShareOneListingOfTheStore() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-27T12:00:00Z"));
    proxy.delay(Duration.ofMillis(500)); // keeps the listing open while the callers pile up
    ExecutorService callers = Executors.newFixedThreadPool(20);
    try (BacklogCache cache =
        new BacklogCache(source, CacheSettings.defaults(), clock, BacklogListener.NONE)) {
      List<Future<BacklogCount>> answers = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        answers.add(callers.submit(() -> cache.get(viaProxy())));
      }
      for (Future<BacklogCount> answer : answers) {
        assertThat(answer.get(10, TimeUnit.SECONDS).objects()).isEqualTo(12);
      }
      assertThat(cache.get(viaProxy()).objects()).isEqualTo(12);
    } finally {
      callers.shutdownNow();
    }
    assertThat(proxy.requests()).isEqualTo(1);
  }

  interface Call {
    Object run() throws Exception;
  }

  /**
   * Runs a call that must answer (value or exception) well before the 4 s listing ends: within a generous
   * 2.5 s for a 1 s promise, on a loaded machine. Returns what it gave.
   */
  static Object timed(Call call) {
    long start = System.nanoTime();
    Object outcome;
    try {
      outcome = call.run();
    } catch (Exception e) {
      outcome = e;
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
    return outcome;
  }

  /** Asks until the slow listing has landed; each ask waits at most the cache's answerWithin. */
  long awaitCount(BacklogCache cache) throws Exception {
    return Await.success("the slow listing to land", Duration.ofSeconds(15), () -> cache.get(viaProxy()).objects(),
        e -> e instanceof BacklogUnavailableException);
  }

}
