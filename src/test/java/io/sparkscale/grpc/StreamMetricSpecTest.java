package io.sparkscale.grpc;

import static io.sparkscale.grpc.ScalerHarness.ref;
import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.sparkscale.backlog.CacheSettings;
import io.sparkscale.grpc.externalscaler.GetMetricSpecResponse;
import io.sparkscale.grpc.externalscaler.ScaledObjectRef;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
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
    Specs stream = Specs.open(scaler, ref(TRIGGER));

    Object first = stream.events.poll(10, TimeUnit.SECONDS);
    assertThat(first).as("rule 1: the current specs when the stream opens")
        .isEqualTo(scaler.blocking().getMetricSpec(ref(TRIGGER))); // rule 2: the same answer
    assertThat(((GetMetricSpecResponse) first).getMetricSpecs(0).getTargetSize()).isEqualTo(2_000_000);
    assertThat(stream.events.poll(300, TimeUnit.MILLISECONDS)).as("specs never change for a ref").isNull();
    assertThat(store.listings).as("parsing only").hasValue(0);
    assertThat(scaler.service.openSpecStreams()).isEqualTo(1);

    stream.call.get(5, TimeUnit.SECONDS).cancel("KEDA rebuilt its scaler", null);
    StreamIsActiveTest.awaitTrue(() -> scaler.service.openSpecStreams() == 0);
    assertThat(scaler.service.openSpecStreams()).isZero();
    StreamIsActiveTest.awaitTrue(() -> scaler.metrics.grpcRequests("StreamMetricSpec", "CANCELLED") == 1);
    assertThat(scaler.metrics.grpcRequests("StreamMetricSpec", "CANCELLED")).isEqualTo(1);
  }

  @Test
  void badMetadataIsInvalidArgument() throws Exception {
    scaler = ScalerHarness.start(store, CacheSettings.defaults());
    Specs stream = Specs.open(scaler, ref(Map.of("bucket", "incoming", "metric", "files")));

    Object end = stream.events.poll(10, TimeUnit.SECONDS);
    assertThat(end).isInstanceOf(Status.class);
    assertThat(((Status) end).getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(((Status) end).getDescription()).contains("metric");
  }

  @Test
  void shutdownEndsOpenStreamsWithUnavailable() throws Exception {
    scaler = ScalerHarness.start(store, CacheSettings.defaults());
    Specs stream = Specs.open(scaler, ref(TRIGGER));
    assertThat(stream.events.poll(10, TimeUnit.SECONDS)).isInstanceOf(GetMetricSpecResponse.class);

    scaler.server.shutdown(Duration.ofSeconds(2));

    Object end = stream.events.poll(5, TimeUnit.SECONDS);
    assertThat(end).isInstanceOf(Status.class);
    assertThat(((Status) end).getCode()).isEqualTo(Status.Code.UNAVAILABLE);
  }

  /** A client stream whose messages and end land in a queue. */
  static final class Specs implements ClientResponseObserver<ScaledObjectRef, GetMetricSpecResponse> {
    final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    final CompletableFuture<ClientCallStreamObserver<ScaledObjectRef>> call = new CompletableFuture<>();

    static Specs open(ScalerHarness scaler, ScaledObjectRef ref) {
      Specs specs = new Specs();
      scaler.async().streamMetricSpec(ref, specs);
      return specs;
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<ScaledObjectRef> requestStream) {
      call.complete(requestStream);
    }

    @Override
    public void onNext(GetMetricSpecResponse value) {
      events.add(value);
    }

    @Override
    public void onError(Throwable t) {
      events.add(Status.fromThrowable(t));
    }

    @Override
    public void onCompleted() {
      events.add(Status.OK);
    }
  }
}
