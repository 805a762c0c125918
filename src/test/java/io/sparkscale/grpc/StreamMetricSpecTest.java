package io.sparkscale.grpc;

import static io.sparkscale.grpc.ScalerHarness.ref;
import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.sparkscale.backlog.CacheSettings;
import io.sparkscale.grpc.externalscaler.GetMetricSpecResponse;
import io.sparkscale.grpc.externalscaler.ScaledObjectRef;
import io.sparkscale.testkit.Await;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** KEDA v2.21's StreamMetricSpec over a real socket: its two rules, bad metadata, cancel and shutdown. */
class StreamMetricSpecTest {

  static final Map<String, String> TRIGGER =
      Map.of("bucket", "incoming", "prefix", "batch/", "metric", "bytes", "targetBytes", "2MB");

  final FakeBacklog store = new FakeBacklog().set("incoming", 3);
  ScalerHarness scaler;

  @AfterEach
  void stop() throws InterruptedException {
    if (scaler != null) {
      scaler.close();
    }
  }

  @Test
  void sendsTheSpecsAtOnceIdenticalToGetMetricSpecAndNothingMore() throws Exception {
    scaler = ScalerHarness.start(store, CacheSettings.defaults());
    var stream = open(ref(TRIGGER));

    GetMetricSpecResponse first = Await.message("the specs when the stream opens", stream);
    assertThat(first).as("rule 1: the current specs when the stream opens")
        .isEqualTo(scaler.blocking().getMetricSpec(ref(TRIGGER))); // rule 2: the same answer
    assertThat(first.getMetricSpecs(0).getTargetSize()).isEqualTo(2_000_000);
    assertThat(store.listings).as("parsing only").hasValue(0);
    assertThat(scaler.service.openSpecStreams()).isEqualTo(1);

    stream.cancel("KEDA rebuilt its scaler");
    Await.untilTrue("the cancelled stream to be forgotten", () -> scaler.service.openSpecStreams() == 0);
    Await.untilTrue("the cancel to be counted",
        () -> scaler.metrics.grpcRequests("StreamMetricSpec", "CANCELLED") == 1);
  }

  @Test
  void badMetadataIsInvalidArgument() throws Exception {
    scaler = ScalerHarness.start(store, CacheSettings.defaults());
    var stream = open(ref(Map.of("bucket", "incoming", "metric", "files")));

    Status end = Await.end("the stream to be refused", stream);
    assertThat(end.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(end.getDescription()).contains("metric");
  }

  @Test
  void shutdownEndsOpenStreamsWithUnavailable() throws Exception {
    scaler = ScalerHarness.start(store, CacheSettings.defaults());
    var stream = open(ref(TRIGGER));
    Await.message("the specs when the stream opens", stream);

    scaler.server.shutdown(Duration.ofSeconds(2));

    // Messages of one call arrive in order: an end right after the specs means none was sent between.
    Status end = Await.end("the stream to end on shutdown, with no second message (specs never change)", stream);
    assertThat(end.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
  }

  private StreamRecorder<ScaledObjectRef, GetMetricSpecResponse> open(ScaledObjectRef ref) {
    StreamRecorder<ScaledObjectRef, GetMetricSpecResponse> stream = new StreamRecorder<>();
    scaler.async().streamMetricSpec(ref, stream);
    return stream;
  }
}
