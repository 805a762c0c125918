package io.sparkscale.grpc;

import static io.sparkscale.grpc.ScalerHarness.ref;
import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.sparkscale.backlog.CacheSettings;
import io.sparkscale.grpc.externalscaler.IsActiveResponse;
import io.sparkscale.grpc.externalscaler.ScaledObjectRef;
import io.sparkscale.testkit.Await;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** KEDA's external-push stream: current state at once, then only changes; failures end it; cancels leak nothing. */
class StreamIsActiveTest {

  static final Map<String, String> TRIGGER = Map.of("bucket", "incoming");
  static final CacheSettings QUICK =
      new CacheSettings(Duration.ofMillis(100), Duration.ofMillis(800), Duration.ofMillis(800));

  final FakeBacklog store = new FakeBacklog().set("incoming", 0);
  ScalerHarness scaler;

  @AfterEach
  void stop() throws InterruptedException {
    if (scaler != null) {
      scaler.close();
    }
  }

  @Test
  void sendsTheStateAtOnceThenOnlyChanges() throws Exception {
    scaler = ScalerHarness.start(store, QUICK);
    var stream = open(ref(TRIGGER));

    assertThat(next(stream)).isEqualTo(false);
    int listings = store.listings.get();
    // Each refresh follows a check that found the count past its ttl; the check after it sees the
    // (unchanged) result. A stream that sent every check's answer would have sent by now.
    Await.until("three refreshes of the unchanged count", store.listings::get, n -> n >= listings + 3);
    assertThat(stream.poll(Duration.ZERO)).as("nothing sent while nothing changed").isNull();

    store.set("incoming", 7);
    assertThat(next(stream)).isEqualTo(true);
    store.set("incoming", 0);
    assertThat(next(stream)).isEqualTo(false);
    stream.cancel("test done");
  }

  @Test
  void endsWithUnavailableWhenCountingFails() throws Exception {
    scaler = ScalerHarness.start(store, QUICK);
    var stream = open(ref(TRIGGER));
    assertThat(next(stream)).isEqualTo(false);

    store.down("Access Denied");
    Status end = Await.end("the stream to end on the failed count", stream);
    assertThat(end.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(end.getDescription()).contains("Access Denied");
    Await.untilTrue("the ended stream to be forgotten", () -> scaler.service.openStreams() == 0);
  }

  @Test
  void aStreamWithNoCountEndsAfterMaxStaleness() throws Exception {
    scaler = ScalerHarness.start(store.down("no such host"), QUICK);
    long start = System.nanoTime();
    var stream = open(ref(TRIGGER));
    Status end = Await.end("the stream to end without a count", stream);
    assertThat(end.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(QUICK.maxStaleness());
  }

  @Test
  void shutdownEndsOpenStreamsSoKedaReconnects() throws Exception {
    scaler = ScalerHarness.start(store, QUICK);
    var stream = open(ref(TRIGGER));
    assertThat(next(stream)).isEqualTo(false);
    scaler.server.shutdown(Duration.ofSeconds(2));
    assertThat(Await.end("the stream to end on shutdown", stream).getCode()).isEqualTo(Status.Code.UNAVAILABLE);
  }

  @Test
  void openingAndCancellingAThousandStreamsLeaksNothing() throws Exception {
    scaler = ScalerHarness.start(store, CacheSettings.defaults());
    cycles(300); // warm up: the bounded pools and event loops reach their size
    Await.untilTrue("the warm-up streams to be forgotten", () -> scaler.service.openStreams() == 0);
    int threadsBefore = liveThreads();

    cycles(1_000);

    Await.untilTrue("every stream and its scheduled check to be gone",
        () -> scaler.service.openStreams() == 0 && scaler.service.scheduledChecks() == 0);
    assertThat(scaler.service.openStreams()).isZero();
    assertThat(scaler.service.scheduledChecks()).isZero();
    assertThat(liveThreads()).as(threadNames().toString()).isLessThanOrEqualTo(threadsBefore + 8);
    assertThat(scaler.metrics.grpcRequests("StreamIsActive", "CANCELLED")).isEqualTo(1_300);
    assertThat(store.listings).as("every stream shared the cached count").hasValue(1);
  }

  /** Opens streams 20 at a time, waits for each one's first message, then cancels them. */
  private void cycles(int count) throws Exception {
    for (int done = 0; done < count; done += 20) {
      List<StreamRecorder<ScaledObjectRef, IsActiveResponse>> batch = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        batch.add(open(ref(TRIGGER)));
      }
      for (var stream : batch) {
        assertThat(next(stream)).isEqualTo(false);
        stream.cancel("test done");
      }
    }
  }

  private static List<String> threadNames() {
    return Thread.getAllStackTraces().keySet().stream().map(Thread::getName).sorted().toList();
  }

  private static int liveThreads() {
    return ManagementFactory.getThreadMXBean().getThreadCount();
  }

  private StreamRecorder<ScaledObjectRef, IsActiveResponse> open(ScaledObjectRef ref) {
    StreamRecorder<ScaledObjectRef, IsActiveResponse> stream = new StreamRecorder<>();
    scaler.async().streamIsActive(ref, stream);
    return stream;
  }

  private static boolean next(StreamRecorder<ScaledObjectRef, IsActiveResponse> stream) throws InterruptedException {
    return Await.message("the next StreamIsActive message", stream).getResult();
  }
}
