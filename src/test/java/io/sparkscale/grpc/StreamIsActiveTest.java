package io.sparkscale.grpc;

import static io.sparkscale.grpc.ScalerHarness.ref;
import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.sparkscale.backlog.CacheSettings;
import io.sparkscale.grpc.externalscaler.IsActiveResponse;
import io.sparkscale.grpc.externalscaler.ScaledObjectRef;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
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
    Recorder stream = Recorder.open(scaler, ref(TRIGGER));

    assertThat(stream.next()).isEqualTo(false);
    Thread.sleep(500); // several checks and refreshes with nothing changed
    assertThat(stream.events).isEmpty();

    store.set("incoming", 7);
    assertThat(stream.next()).isEqualTo(true);
    store.set("incoming", 0);
    assertThat(stream.next()).isEqualTo(false);
    stream.cancel();
  }

  @Test
  void endsWithUnavailableWhenCountingFails() throws Exception {
    scaler = ScalerHarness.start(store, QUICK);
    Recorder stream = Recorder.open(scaler, ref(TRIGGER));
    assertThat(stream.next()).isEqualTo(false);

    store.down("Access Denied");
    Object end = stream.events.poll(10, TimeUnit.SECONDS);
    assertThat(end).isInstanceOf(Status.class);
    assertThat(((Status) end).getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(((Status) end).getDescription()).contains("Access Denied");
    awaitTrue(() -> scaler.service.openStreams() == 0);
  }

  @Test
  void aStreamWithNoCountEndsAfterMaxStaleness() throws Exception {
    scaler = ScalerHarness.start(store.down("no such host"), QUICK);
    long start = System.nanoTime();
    Recorder stream = Recorder.open(scaler, ref(TRIGGER));
    Object end = stream.events.poll(10, TimeUnit.SECONDS);
    assertThat(end).isInstanceOf(Status.class);
    assertThat(((Status) end).getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(QUICK.maxStaleness());
  }

  @Test
  void shutdownEndsOpenStreamsSoKedaReconnects() throws Exception {
    scaler = ScalerHarness.start(store, QUICK);
    Recorder stream = Recorder.open(scaler, ref(TRIGGER));
    assertThat(stream.next()).isEqualTo(false);
    scaler.server.shutdown(Duration.ofSeconds(2));
    Object end = stream.events.poll(5, TimeUnit.SECONDS);
    assertThat(end).isInstanceOf(Status.class);
    assertThat(((Status) end).getCode()).isEqualTo(Status.Code.UNAVAILABLE);
  }

  @Test
  void openingAndCancellingAThousandStreamsLeaksNothing() throws Exception {
    scaler = ScalerHarness.start(store, CacheSettings.defaults());
    cycles(300); // warm up: the bounded pools and event loops reach their size
    awaitTrue(() -> scaler.service.openStreams() == 0);
    int threadsBefore = liveThreads();

    cycles(1_000);

    awaitTrue(() -> scaler.service.openStreams() == 0 && scaler.service.scheduledChecks() == 0);
    assertThat(scaler.service.openStreams()).isZero();
    assertThat(scaler.service.scheduledChecks()).isZero();
    assertThat(liveThreads()).as(threadNames().toString()).isLessThanOrEqualTo(threadsBefore + 8);
    assertThat(scaler.metrics.grpcRequests("StreamIsActive", "CANCELLED")).isEqualTo(1_300);
    assertThat(store.listings).as("every stream shared the cached count").hasValue(1);
  }

  /** Opens streams 20 at a time, waits for each one's first message, then cancels them. */
  private void cycles(int count) throws Exception {
    for (int done = 0; done < count; done += 20) {
      List<Recorder> batch = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        batch.add(Recorder.open(scaler, ref(TRIGGER)));
      }
      for (Recorder stream : batch) {
        assertThat(stream.next()).isEqualTo(false);
        stream.cancel();
      }
    }
  }

  private static List<String> threadNames() {
    return Thread.getAllStackTraces().keySet().stream().map(Thread::getName).sorted().toList();
  }

  private static int liveThreads() {
    return ManagementFactory.getThreadMXBean().getThreadCount();
  }

  static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
  }

  /** A client stream whose messages and end land in a queue. */
  static final class Recorder implements ClientResponseObserver<ScaledObjectRef, IsActiveResponse> {
    final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    final CompletableFuture<ClientCallStreamObserver<ScaledObjectRef>> call = new CompletableFuture<>();

    static Recorder open(ScalerHarness scaler, ScaledObjectRef ref) {
      Recorder recorder = new Recorder();
      scaler.async().streamIsActive(ref, recorder);
      return recorder;
    }

    /** The next message's result; fails the test on an error, an end or a 10 s silence. */
    boolean next() throws InterruptedException {
      Object event = events.poll(10, TimeUnit.SECONDS);
      assertThat(event).as("next stream message").isInstanceOf(IsActiveResponse.class);
      return ((IsActiveResponse) event).getResult();
    }

    void cancel() throws Exception {
      call.get(5, TimeUnit.SECONDS).cancel("test done", null);
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<ScaledObjectRef> requestStream) {
      call.complete(requestStream);
    }

    @Override
    public void onNext(IsActiveResponse value) {
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
