package io.sparkscale.grpc;

import static io.sparkscale.grpc.ScalerHarness.metrics;
import static io.sparkscale.grpc.ScalerHarness.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.sparkscale.backlog.CacheSettings;
import io.sparkscale.claim.BatchLimits;
import io.sparkscale.claim.ClaimRequest;
import io.sparkscale.claim.Claimer;
import io.sparkscale.claim.Manifest;
import io.sparkscale.claim.StoreAddress;
import io.sparkscale.s3.S3BacklogSource;
import io.sparkscale.s3.S3ClaimStore;
import io.sparkscale.s3.S3ProxyServer;
import io.sparkscale.s3.S3Settings;
import io.sparkscale.testkit.Await;
import io.sparkscale.trigger.ServerDefaults;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * KEDA's view of a prefix that ScaledJob Jobs claim from: over a real gRPC socket, counting s3proxy, the
 * keys a live claim holds are not pending, so the accurate strategy starts Jobs only for unclaimed work.
 */
class ExternalScalerClaimsTest {

  static S3ProxyServer s3;
  static S3BacklogSource source;
  static ScalerHarness scaler;
  static S3ClaimStore store;

  @BeforeAll
  static void start() throws Exception {
    s3 = S3ProxyServer.start();
    Instant hourAgo = Instant.now().minus(Duration.ofHours(1));
    for (int i = 0; i < 5; i++) {
      s3.put("jobs", "in/part-" + i, new byte[100], hourAgo.plusSeconds(i));
    }
    source = new S3BacklogSource(
        new S3Settings(Duration.ofSeconds(5), Duration.ofSeconds(2), 2), S3ProxyServer.credentials());
    CacheSettings settings = new CacheSettings(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMillis(800));
    scaler = ScalerHarness.start(source, settings, new ServerDefaults(s3.endpoint(), "us-east-1", true, List.of()));
    store = new S3ClaimStore(new StoreAddress("jobs", s3.endpoint(), "us-east-1", true), S3ProxyServer.credentials());
  }

  @AfterAll
  static void stop() throws Exception {
    if (store != null) {
      store.close();
    }
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

  static Map<String, String> metadata(String... pairs) {
    Map<String, String> metadata = new HashMap<>(Map.of("bucket", "jobs", "prefix", "in/"));
    for (int i = 0; i < pairs.length; i += 2) {
      metadata.put(pairs[i], pairs[i + 1]);
    }
    return metadata;
  }

  /** Asks as KEDA does until the count is {@code expected}; fails naming it and the last count. */
  static void awaitCount(Map<String, String> metadata, long expected) throws Exception {
    String name = scaler.blocking().getMetricSpec(ref(metadata)).getMetricSpecs(0).getMetricName();
    Await.until("GetMetrics of " + metadata + " to reach " + expected,
        () -> ExternalScalerServiceTest.eventually(
            () -> scaler.blocking().getMetrics(metrics(metadata, name)).getMetricValues(0).getMetricValue()),
        value -> value == expected);
  }

  @Test
  void claimedKeysAreNotPendingUntilReleased() throws Exception {
    Map<String, String> claimed = metadata("claimsPrefix", "sparkscale-claims/in/", "claimLease", "2h");
    awaitCount(claimed, 5);
    Claimer claimer = new Claimer(store, Clock.systemUTC());
    Manifest batch = claimer.claim(new ClaimRequest(store(), "in/", "", Duration.ZERO, null, Duration.ofHours(2),
        new BatchLimits(2L, null), 1000, "s3a")).manifest();
    assertThat(batch.objects()).hasSize(2);

    awaitCount(claimed, 3);
    awaitCount(metadata(), 5);
    awaitCount(metadata("claimsPrefix", "sparkscale-claims/in/", "claimLease", "2h", "metric", "bytes",
        "targetBytes", "100"), 300);
    assertThat(scaler.blocking().isActive(ref(claimed)).getResult()).isTrue();

    claimer.release(batch);
    awaitCount(claimed, 5);
  }

  @Test
  void claimKeysOutOfPlaceAreInvalidArgument() {
    assertInvalid(metadata("claimLease", "2h"), "claimLease: only applies with claimsPrefix");
    assertInvalid(metadata("claimsPrefix", "claims"), "claimsPrefix");
    assertInvalid(metadata("claimsPrefix", "sparkscale-claims/in/", "claimLease", "10s"), "claimLease");
    assertInvalid(metadata("claimsPrefix", "sparkscale-claims/in/", "notificationQueueURL",
        "https://sqs.us-east-1.amazonaws.com/123456789012/events"), "claimsPrefix: not available with notificationQueueURL");
  }

  private static void assertInvalid(Map<String, String> metadata, String message) {
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
        () -> scaler.blocking().getMetricSpec(ref(metadata)));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.getStatus().getDescription()).contains(message);
  }

  static StoreAddress store() {
    return new StoreAddress("jobs", s3.endpoint(), "us-east-1", true);
  }
}
