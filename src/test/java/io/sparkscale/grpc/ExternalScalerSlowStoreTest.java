package io.sparkscale.grpc;

import static io.sparkscale.grpc.ScalerHarness.metrics;
import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.sparkscale.backlog.CacheSettings;
import io.sparkscale.backlog.MutableClock;
import io.sparkscale.grpc.externalscaler.GetMetricsResponse;
import io.sparkscale.s3.FaultInjectingProxy;
import io.sparkscale.s3.S3BacklogSource;
import io.sparkscale.s3.S3ProxyServer;
import io.sparkscale.s3.S3Settings;
import io.sparkscale.testkit.Await;
import io.sparkscale.trigger.ServerDefaults;
import io.sparkscale.trigger.TriggerParser;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real S3 API (s3proxy) behind the fault-injecting proxy, a real gRPC socket: a slow or failing store
 * never makes KEDA's calls wait once a count exists.
 */
class ExternalScalerSlowStoreTest {

  static final Map<String, String> TRIGGER = Map.of("bucket", "landing", "prefix", "slow/");
  static final Map<String, String> ONE = Map.of("bucket", "landing", "prefix", "slow/0");
  static S3ProxyServer s3;
  static FaultInjectingProxy proxy;
  static S3BacklogSource source;
  static ScalerHarness scaler;
  /** The cache's clock: tests pass the ttl by moving it. */
  static final MutableClock clock = new MutableClock(Instant.now());

  @BeforeAll
  static void start() throws Exception {
    s3 = S3ProxyServer.start();
    for (int i = 0; i < 3; i++) {
      s3.put("landing", "slow/" + i + ".json", 10);
    }
    proxy = new FaultInjectingProxy(s3.endpoint());
    // One attempt, long enough for the delayed request: the failure test then sees each 503 as it is.
    source = new S3BacklogSource(new S3Settings(Duration.ofSeconds(20), Duration.ofSeconds(15), 1),
        S3ProxyServer.credentials());
    CacheSettings settings = new CacheSettings(Duration.ofMillis(500), Duration.ofSeconds(60), Duration.ofMillis(800));
    scaler = ScalerHarness.with(source).settings(settings).clock(clock)
        .parser(new TriggerParser(new ServerDefaults(proxy.endpoint(), "us-east-1", true, List.of()))).start();
    // First counts (SDK client, s3proxy's first listings) can take seconds on a loaded machine.
    for (Map<String, String> trigger : List.of(TRIGGER, ONE)) {
      Await.until("a first count of " + trigger, Duration.ofSeconds(60),
          () -> call(trigger, Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS), answer -> answer instanceof Long);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (scaler != null) {
      scaler.close();
    }
    if (source != null) {
      source.close();
    }
    if (proxy != null) {
      proxy.close();
    }
    if (s3 != null) {
      s3.close();
    }
  }

  @Test
  void whileASlowListingRunsEveryCallGetsThePreviousCountAtOnce() throws Exception {
    proxy.delay(Duration.ZERO);
    long first = ExternalScalerServiceTest.eventually(() -> value(TRIGGER));
    proxy.delay(Duration.ofSeconds(4));
    s3.put("landing", "slow/new.json", 10);
    clock.advance(Duration.ofMillis(700)); // past the ttl: the next call starts a 4 s refresh
    int requestsBefore = proxy.requests();

    // 400 calls at once, each with a deadline shorter than the listing: only an answer from the cache
    // can meet it.
    List<CompletableFuture<Object>> answers = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      answers.add(call(TRIGGER, Duration.ofSeconds(2)));
    }
    CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

    assertThat(answers).extracting(CompletableFuture::join).containsOnly(first);
    assertThat(proxy.requests() - requestsBefore).as("one refresh for all of them").isLessThanOrEqualTo(1);
    proxy.delay(Duration.ZERO);
    long latest = Await.until("the refresh to land", () -> value(TRIGGER), value -> value != first);
    assertThat(latest).isEqualTo(first + 1);
  }

  @Test
  void aFailingStoreKeepsServingTheLastCountNeverZero() throws Exception {
    Map<String, String> trigger = ONE;
    proxy.delay(Duration.ZERO);
    assertThat(ExternalScalerServiceTest.eventually(() -> value(trigger))).isEqualTo(1);
    long errorsBefore = scaler.metrics.registry().scrape().lines()
        .filter(l -> l.startsWith("sparkscale_count_errors_total ")).mapToLong(l -> Long.parseLong(l.split(" ")[1]))
        .findFirst().orElseThrow();
    proxy.slowDownNext(1_000);
    try {
      // Each step passes the ttl and the failure hold, so each call may start a refresh that fails;
      // 20 steps stay well within max staleness (60 s), so the last good count must be served.
      for (int step = 0; step < 20; step++) {
        clock.advance(Duration.ofMillis(600));
        assertThat(call(trigger, Duration.ofSeconds(2)).get(5, TimeUnit.SECONDS)).isEqualTo(1L);
      }
      // KEDA keeps polling: a refresh started before the slow-downs (still in flight on a loaded machine)
      // ends well, so later calls must start the refreshes that fail. The clock stays within max staleness.
      long[] advancedMillis = {20 * 600};
      Await.until("refreshes to be tried and fail", () -> {
        if (advancedMillis[0] < 40_000) {
          clock.advance(Duration.ofMillis(600));
          advancedMillis[0] += 600;
        }
        assertThat(call(trigger, Duration.ofSeconds(2)).get(5, TimeUnit.SECONDS)).isEqualTo(1L);
        return proxy.slowDownsSent();
      }, sent -> sent > 0);
      Await.until("a failed refresh counted in /metrics", () -> scaler.metrics.registry().scrape(),
          body -> !body.contains("sparkscale_count_errors_total " + errorsBefore + "\n"));
      assertThat(call(trigger, Duration.ofSeconds(2)).get(5, TimeUnit.SECONDS)).as("still the last count")
          .isEqualTo(1L);
    } finally {
      proxy.slowDownNext(0);
    }
  }

  private static long value(Map<String, String> trigger) {
    return scaler.blocking().getMetrics(metrics(trigger, "m")).getMetricValues(0).getMetricValue();
  }

  /** An async call: completes with the value, or with the Status it failed with. */
  private static CompletableFuture<Object> call(Map<String, String> trigger, Duration deadline) {
    CompletableFuture<Object> answer = new CompletableFuture<>();
    scaler.async().withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
        .getMetrics(metrics(trigger, "m"), new StreamObserver<GetMetricsResponse>() {
          @Override
          public void onNext(GetMetricsResponse value) {
            answer.complete(value.getMetricValues(0).getMetricValue());
          }

          @Override
          public void onError(Throwable t) {
            answer.complete(Status.fromThrowable(t));
          }

          @Override
          public void onCompleted() {}
        });
    return answer;
  }
}
