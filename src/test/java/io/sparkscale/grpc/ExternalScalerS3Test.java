package io.sparkscale.grpc;

import static io.sparkscale.grpc.ScalerHarness.metrics;
import static io.sparkscale.grpc.ScalerHarness.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.sparkscale.backlog.CacheSettings;
import io.sparkscale.backlog.MutableClock;
import io.sparkscale.grpc.externalscaler.MetricValue;
import io.sparkscale.s3.S3BacklogSource;
import io.sparkscale.s3.S3ProxyServer;
import io.sparkscale.s3.S3Settings;
import io.sparkscale.trigger.ServerDefaults;
import io.sparkscale.trigger.TriggerParser;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What KEDA gets from a scaler counting a real S3 API (s3proxy child process) over a real gRPC socket. */
class ExternalScalerS3Test {

  static final Instant HOUR_AGO = Instant.now().minus(Duration.ofHours(1));
  static S3ProxyServer s3;
  static S3BacklogSource source;
  static ScalerHarness scaler;

  /** Wall time, moved ahead by the outage test instead of sleeping past max staleness. */
  static final MutableClock clock = MutableClock.followingWallTime();

  @BeforeAll
  static void start() throws Exception {
    s3 = S3ProxyServer.start();
    s3.put("landing", "incoming/a.parquet", new byte[100], HOUR_AGO);
    s3.put("landing", "incoming/b.parquet", new byte[200], HOUR_AGO);
    s3.put("landing", "incoming/c.json", new byte[50], HOUR_AGO);
    s3.put("landing", "incoming/d.parquet", new byte[1000], null); // still being written
    s3.putFolderMarker("landing", "incoming/sub/");
    s3.put("landing", "archive/old.parquet", new byte[10], HOUR_AGO);
    source = new S3BacklogSource(
        new S3Settings(Duration.ofSeconds(5), Duration.ofSeconds(2), 2), S3ProxyServer.credentials());
    // Short ttl and max staleness so the outage test soon sees a store that is down.
    CacheSettings settings = new CacheSettings(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMillis(800));
    scaler = ScalerHarness.with(source).settings(settings).clock(clock)
        .parser(new TriggerParser(new ServerDefaults(s3.endpoint(), "us-east-1", true, List.of()))).start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (scaler != null) {
      scaler.close();
    }
    if (source != null) {
      source.close();
    }
    if (s3 != null) {
      s3.close();
    }
  }

  @ParameterizedTest(name = "{0} -> {1}, active {2}")
  @CsvSource(delimiter = '|', value = {
    "prefix=incoming/                                   | 4    | true",
    "prefix=incoming/;suffix=.parquet                   | 3    | true",
    "prefix=incoming/;minObjectAge=10m                  | 3    | true",
    "prefix=incoming/;suffix=.parquet;minObjectAge=10m  | 2    | true",
    "prefix=incoming/;scanLimit=2                       | 2    | true",
    "prefix=incoming/;activationTargetObjectCount=4     | 4    | false",
    "prefix=incoming/;metric=bytes;targetBytes=1KB      | 1350 | true",
    "prefix=incoming/;metric=bytes;targetBytes=1KB;minObjectAge=10m;activationTargetBytes=350 | 350 | false",
    "prefix=nothing/                                    | 0    | false",
    "''                                                 | 5    | true",
  })
  void countsEveryFilterAsKedaAsks(String pairs, long expected, boolean active) throws Exception {
    Map<String, String> metadata = new HashMap<>(Map.of("bucket", "landing"));
    for (String pair : pairs.split(";")) {
      if (!pair.isBlank()) {
        String[] kv = pair.split("=", 2);
        metadata.put(kv[0], kv[1]);
      }
    }
    String name = scaler.blocking().getMetricSpec(ref(metadata)).getMetricSpecs(0).getMetricName();
    // A first listing may outlast the 800 ms answer deadline ("count in progress"); KEDA asks again.
    MetricValue value = ExternalScalerServiceTest.eventually(
        () -> scaler.blocking().getMetrics(metrics(metadata, name)).getMetricValues(0));
    assertThat(value.getMetricValue()).isEqualTo(expected);
    assertThat(value.getMetricValueFloat()).isEqualTo((double) expected);
    assertThat(scaler.blocking().isActive(ref(metadata)).getResult()).isEqualTo(active);
  }

  @Test
  void oneListRequestServesAPoll() throws Exception {
    Map<String, String> metadata = Map.of("bucket", "landing", "prefix", "archive/");
    long before = scaler.metrics.listRequests();
    scaler.blocking().getMetricSpec(ref(metadata));
    ExternalScalerServiceTest.eventually(() -> scaler.blocking().getMetrics(metrics(metadata, "m")));
    scaler.blocking().isActive(ref(metadata));
    scaler.blocking().getMetrics(metrics(metadata, "m"));
    assertThat(scaler.metrics.listRequests() - before).isEqualTo(1);
  }

  @Test
  void aCachedGetMetricsTakesMilliseconds() throws Exception {
    Map<String, String> metadata = Map.of("bucket", "landing", "prefix", "incoming/", "suffix", ".parquet");
    String name = scaler.blocking().getMetricSpec(ref(metadata)).getMetricSpecs(0).getMetricName();
    ExternalScalerServiceTest.eventually(() -> scaler.blocking().getMetrics(metrics(metadata, name)));
    for (int i = 0; i < 200; i++) { // warm up the JIT
      scaler.blocking().getMetrics(metrics(metadata, name));
    }
    // With a 1 s ttl a few calls in the loop wait for a refresh listing, as a KEDA call after the ttl does.
    long[] nanos = new long[500];
    for (int i = 0; i < nanos.length; i++) {
      long start = System.nanoTime();
      scaler.blocking().getMetrics(metrics(metadata, name));
      nanos[i] = System.nanoTime() - start;
    }
    java.util.Arrays.sort(nanos);
    double p50 = nanos[nanos.length / 2] / 1e6;
    double p99 = nanos[nanos.length * 99 / 100] / 1e6;
    System.out.printf("cached GetMetrics over loopback gRPC: p50 %.2f ms, p99 %.2f ms (%d calls)%n", p50, p99, nanos.length);
    assertThat(p50).as("median ms").isLessThan(50.0);
  }

  @Test
  void aStoppedStoreIsUnavailableThenRecovers() throws Exception {
    Map<String, String> metadata = Map.of("bucket", "landing", "prefix", "incoming/", "suffix", ".json");
    assertThat(ExternalScalerServiceTest.eventually(
        () -> scaler.blocking().getMetrics(metrics(metadata, "m")).getMetricValues(0).getMetricValue()))
        .isEqualTo(1);
    s3.stop();
    try {
      clock.advance(Duration.ofMillis(1_500)); // beyond max staleness: the last count may no longer be served
      StatusRuntimeException error = catchThrowableOfType(StatusRuntimeException.class,
          () -> scaler.blocking().getMetrics(metrics(metadata, "m")));
      assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
      assertThat(error.getStatus().getDescription()).contains("s3://landing/incoming/");
    } finally {
      s3.restart();
    }
    assertThat(ExternalScalerServiceTest.eventually(
        () -> scaler.blocking().getMetrics(metrics(metadata, "m")).getMetricValues(0).getMetricValue()))
        .isEqualTo(1);
  }
}
