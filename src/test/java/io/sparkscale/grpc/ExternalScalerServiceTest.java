package io.sparkscale.grpc;

import static io.sparkscale.grpc.ScalerHarness.metrics;
import static io.sparkscale.grpc.ScalerHarness.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.sparkscale.backlog.CacheSettings;
import io.sparkscale.backlog.MutableClock;
import io.sparkscale.grpc.externalscaler.GetMetricsResponse;
import io.sparkscale.grpc.externalscaler.MetricSpec;
import io.sparkscale.grpc.externalscaler.MetricValue;
import io.sparkscale.testkit.Await;
import io.sparkscale.trigger.ServerDefaults;
import io.sparkscale.trigger.TriggerParser;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The three calls KEDA makes on every poll, over a real socket, against a store the test controls. */
class ExternalScalerServiceTest {

  static final Map<String, String> OBJECTS = Map.of("bucket", "incoming", "prefix", "batch/");
  static final Map<String, String> BYTES =
      Map.of("bucket", "incoming", "prefix", "batch/", "metric", "bytes", "targetBytes", "1KB");

  final FakeBacklog store = new FakeBacklog().set("incoming", 12);
  ScalerHarness scaler;

  @AfterEach
  void stop() throws InterruptedException {
    if (scaler != null) {
      scaler.close();
    }
  }

  @Test
  void getMetricSpecParsesTheTriggerAndNeverLists() throws Exception {
    scaler = ScalerHarness.start(store, CacheSettings.defaults());
    List<MetricSpec> specs = scaler.blocking().getMetricSpec(ref(OBJECTS)).getMetricSpecsList();

    assertThat(specs).hasSize(1);
    MetricSpec spec = specs.get(0);
    assertThat(spec.getMetricName())
        .isEqualTo(new TriggerParser(ServerDefaults.aws()).parse(OBJECTS).metricName())
        .startsWith("s3-objects-incoming-batch-");
    assertThat(spec.getTargetSize()).isEqualTo(5);
    assertThat(spec.getTargetSizeFloat()).isEqualTo(5.0);
    assertThat(store.listings).hasValue(0);

    MetricSpec bytes = scaler.blocking().getMetricSpec(ref(BYTES)).getMetricSpecs(0);
    assertThat(bytes.getTargetSize()).isEqualTo(1000);
    assertThat(bytes.getTargetSizeFloat()).isEqualTo(1000.0);
    assertThat(bytes.getMetricName()).startsWith("s3-bytes-").isNotEqualTo(spec.getMetricName());
  }

  @Test
  void getMetricsAnswersBothFieldsUnderTheNameItWasAsked() throws Exception {
    scaler = ScalerHarness.start(store, CacheSettings.defaults());
    // KEDA strips its own "s0-" and may send any name; the answer is for the trigger in the ref.
    GetMetricsResponse response = scaler.blocking().getMetrics(metrics(OBJECTS, "whatever-keda-sent"));

    assertThat(response.getMetricValuesList()).hasSize(1);
    MetricValue value = response.getMetricValues(0);
    assertThat(value.getMetricName()).isEqualTo("whatever-keda-sent");
    assertThat(value.getMetricValue()).isEqualTo(12);
    assertThat(value.getMetricValueFloat()).isEqualTo(12.0);

    MetricValue bytes = scaler.blocking().getMetrics(metrics(BYTES, "")).getMetricValues(0);
    assertThat(bytes.getMetricValue()).isEqualTo(1200);
    assertThat(bytes.getMetricValueFloat()).isEqualTo(1200.0);
    assertThat(bytes.getMetricName()).startsWith("s3-bytes-incoming-batch-");
  }

  @Test
  void isActiveIsAboveTheActivationTarget() throws Exception {
    scaler = ScalerHarness.start(store.set("empty", 0), CacheSettings.defaults());
    assertThat(scaler.blocking().isActive(ref(OBJECTS)).getResult()).isTrue();
    assertThat(scaler.blocking().isActive(ref(Map.of("bucket", "empty"))).getResult()).isFalse();
    assertThat(scaler.blocking()
        .isActive(ref(Map.of("bucket", "incoming", "activationTargetObjectCount", "12"))).getResult())
        .isFalse();
    assertThat(scaler.blocking()
        .isActive(ref(Map.of("bucket", "incoming", "activationTargetObjectCount", "11"))).getResult())
        .isTrue();
  }

  @Test
  void oneListingServesEveryCallAndTriggerAskingTheSameThing() throws Exception {
    scaler = ScalerHarness.start(store, CacheSettings.defaults());
    for (int poll = 0; poll < 3; poll++) {
      scaler.blocking().getMetricSpec(ref(OBJECTS));
      scaler.blocking().getMetrics(metrics(OBJECTS, "m"));
      scaler.blocking().isActive(ref(OBJECTS));
      scaler.blocking().getMetrics(metrics(BYTES, "m")); // same listing, other metric
    }
    assertThat(store.listings).hasValue(1);
    assertThat(scaler.metrics.listRequests()).isEqualTo(1);
    assertThat(scaler.metrics.registry().scrape()).contains("sparkscale_cache_hits_total 8");

    scaler.blocking().getMetrics(metrics(Map.of("bucket", "incoming", "prefix", "other/"), "m"));
    assertThat(store.listings).as("another prefix is another listing").hasValue(2);
  }

  @Test
  void concurrentCallersShareOneListing() throws Exception {
    scaler = ScalerHarness.start(store.delay(Duration.ofMillis(400)), CacheSettings.defaults());
    ExecutorService callers = Executors.newFixedThreadPool(16);
    try {
      List<Callable<Long>> calls = new ArrayList<>();
      for (int i = 0; i < 32; i++) {
        calls.add(() -> scaler.blocking().getMetrics(metrics(OBJECTS, "m")).getMetricValues(0).getMetricValue());
      }
      for (Future<Long> answer : callers.invokeAll(calls)) {
        assertThat(answer.get()).isEqualTo(12);
      }
    } finally {
      callers.shutdownNow();
    }
    assertThat(store.listings).hasValue(1);
  }

  @Test
  void twoThousandFirstCallsAtOnceHoldNoCallThreads() throws Exception {
    // Far more calls than call threads, all waiting for one 1.5 s first count: handlers that blocked
    // would answer a few threads' worth per 1.5 s and the rest would miss their 20 s deadline.
    scaler = ScalerHarness.start(store.delay(Duration.ofMillis(1_500)),
        new CacheSettings(Duration.ofSeconds(60), Duration.ofSeconds(120), Duration.ofSeconds(15)));
    List<java.util.concurrent.CompletableFuture<Object>> answers = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      java.util.concurrent.CompletableFuture<Object> answer = new java.util.concurrent.CompletableFuture<>();
      scaler.async().withDeadlineAfter(20, java.util.concurrent.TimeUnit.SECONDS).getMetrics(metrics(OBJECTS, "m"),
          new io.grpc.stub.StreamObserver<GetMetricsResponse>() {
            @Override
            public void onNext(GetMetricsResponse value) {
              answer.complete(value.getMetricValues(0).getMetricValue());
            }

            @Override
            public void onError(Throwable t) {
              answer.complete(Status.fromThrowable(t).getCode());
            }

            @Override
            public void onCompleted() {}
          });
      answers.add(answer);
    }
    java.util.concurrent.CompletableFuture.allOf(answers.toArray(java.util.concurrent.CompletableFuture[]::new))
        .get(60, java.util.concurrent.TimeUnit.SECONDS);

    assertThat(answers).extracting(java.util.concurrent.CompletableFuture::join).containsOnly(12L);
    assertThat(store.listings).hasValue(1);
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource({
    "bucket, '', bucket",
    "bucket, Not_A_Bucket, bucket",
    "metric, files, metric",
    "targetObjectCount, -3, targetObjectCount",
    "targetObjectCount, lots, targetObjectCount",
    "minObjectAge, soon, minObjectAge",
    "scanLimit, 0, scanLimit",
    "endpoint, http://evil.example:9000, endpoint",
    "awsSecretAccessKey, hunter2, identity",
    "prefx, batch/, prefx",
  })
  void badMetadataIsInvalidArgumentNamingTheKeyOnEveryCall(String key, String value, String named)
      throws Exception {
    scaler = ScalerHarness.start(store, CacheSettings.defaults());
    Map<String, String> metadata = new java.util.HashMap<>(Map.of("bucket", "incoming"));
    metadata.put(key, value);

    List<StatusRuntimeException> errors = List.of(
        catchThrowableOfType(StatusRuntimeException.class, () -> scaler.blocking().getMetricSpec(ref(metadata))),
        catchThrowableOfType(StatusRuntimeException.class, () -> scaler.blocking().getMetrics(metrics(metadata, "m"))),
        catchThrowableOfType(StatusRuntimeException.class, () -> scaler.blocking().isActive(ref(metadata))),
        catchThrowableOfType(StatusRuntimeException.class,
            () -> scaler.blocking().streamIsActive(ref(metadata)).next()));
    for (StatusRuntimeException error : errors) {
      assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(error.getStatus().getDescription()).contains(named).doesNotContain("\n").doesNotContain("hunter2");
    }
    assertThat(store.listings).hasValue(0);
  }

  @Test
  void aStoreThatFailsIsUnavailableWithTheCauseNeverZeroAndRecovers() throws Exception {
    CacheSettings settings = new CacheSettings(Duration.ofMillis(200), Duration.ofMillis(600), Duration.ofSeconds(1));
    scaler = ScalerHarness.start(store.down("Connection refused"), settings);

    StatusRuntimeException first =
        catchThrowableOfType(StatusRuntimeException.class, () -> scaler.blocking().getMetrics(metrics(OBJECTS, "m")));
    assertThat(first.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(first.getStatus().getDescription()).contains("Connection refused");
    StatusRuntimeException active =
        catchThrowableOfType(StatusRuntimeException.class, () -> scaler.blocking().isActive(ref(OBJECTS)));
    assertThat(active.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);

    store.restore();
    assertThat(eventually(() -> scaler.blocking().getMetrics(metrics(OBJECTS, "m")).getMetricValues(0).getMetricValue()))
        .isEqualTo(12);

    // Down mid-run: the last count is served while young enough, then UNAVAILABLE, never 0.
    store.down("503 SlowDown");
    Await.until("UNAVAILABLE once the last count is older than max staleness", () -> {
      try {
        assertThat(scaler.blocking().getMetrics(metrics(OBJECTS, "m")).getMetricValues(0).getMetricValue())
            .isEqualTo(12);
        return Status.Code.OK;
      } catch (StatusRuntimeException e) {
        assertThat(e.getStatus().getDescription()).contains("503 SlowDown");
        return e.getStatus().getCode();
      }
    }, code -> code == Status.Code.UNAVAILABLE);

    store.set("incoming", 3).restore();
    assertThat(eventually(() -> scaler.blocking().getMetrics(metrics(OBJECTS, "m")).getMetricValues(0).getMetricValue()))
        .isEqualTo(3);
    assertThat(scaler.metrics.registry().scrape()).containsPattern("sparkscale_count_errors_total [1-9]");
  }

  @Test
  void aSlowStoreStillGetsAnAnswerWithinASecond() throws Exception {
    // serve waits 800 ms; 500 ms here leaves this shared, loaded test machine room inside the 1 s bound.
    CacheSettings settings = new CacheSettings(Duration.ofMillis(100), Duration.ofSeconds(60), Duration.ofMillis(500));
    MutableClock clock = new MutableClock(Instant.now());
    scaler = ScalerHarness.with(store).settings(settings).clock(clock).start();
    assertThat(scaler.blocking().getMetrics(metrics(OBJECTS, "m")).getMetricValues(0).getMetricValue()).isEqualTo(12);
    store.set("incoming", 40).delay(Duration.ofSeconds(5));
    clock.advance(Duration.ofMillis(150)); // past the ttl: the next call starts a 5 s listing

    for (int call = 0; call < 3; call++) {
      long start = System.nanoTime();
      long value = scaler.blocking().getMetrics(metrics(OBJECTS, "m")).getMetricValues(0).getMetricValue();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
      assertThat(value).as("the last count, not a made-up one").isEqualTo(12);
    }

    // Nothing to serve yet for a new prefix: "count in progress", still within a second.
    long start = System.nanoTime();
    StatusRuntimeException pending = catchThrowableOfType(StatusRuntimeException.class,
        () -> scaler.blocking().isActive(ref(Map.of("bucket", "incoming", "prefix", "new/"))));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    assertThat(pending.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(pending.getStatus().getDescription()).contains("count in progress");
  }

  @Test
  void requestsAreCountedByMethodAndCode() throws Exception {
    scaler = ScalerHarness.start(store, CacheSettings.defaults());
    scaler.blocking().getMetricSpec(ref(OBJECTS));
    scaler.blocking().getMetricSpec(ref(OBJECTS));
    catchThrowableOfType(StatusRuntimeException.class, () -> scaler.blocking().isActive(ref(Map.of())));
    assertThat(scaler.metrics.grpcRequests("GetMetricSpec", "OK")).isEqualTo(2);
    assertThat(scaler.metrics.grpcRequests("IsActive", "INVALID_ARGUMENT")).isEqualTo(1);
    assertThat(scaler.metrics.registry().scrape())
        .contains("sparkscale_grpc_requests_total{method=\"GetMetricSpec\",code=\"OK\"} 2");
  }

  @Test
  void grpcHealthReportsServingForTheScaler() throws Exception {
    scaler = ScalerHarness.start(store, CacheSettings.defaults());
    var health = io.grpc.health.v1.HealthGrpc.newBlockingStub(scaler.channel)
        .withDeadlineAfter(10, java.util.concurrent.TimeUnit.SECONDS);
    for (String service : List.of("", "externalscaler.ExternalScaler")) {
      assertThat(health.check(io.grpc.health.v1.HealthCheckRequest.newBuilder().setService(service).build())
          .getStatus()).isEqualTo(io.grpc.health.v1.HealthCheckResponse.ServingStatus.SERVING);
    }
    StatusRuntimeException unknown = catchThrowableOfType(StatusRuntimeException.class, () -> health.check(
        io.grpc.health.v1.HealthCheckRequest.newBuilder().setService("other.Service").build()));
    assertThat(unknown.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
  }

  /** Retries a call that may be UNAVAILABLE for a moment (a failure is held briefly); fails after 30 s. */
  static <T> T eventually(Callable<T> call) throws Exception {
    return Await.success("an answer other than UNAVAILABLE", Await.DEFAULT, call::call,
        e -> e instanceof StatusRuntimeException sre && sre.getStatus().getCode() == Status.Code.UNAVAILABLE);
  }
}
