package io.sparkscale.grpc;

import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The client side of one gRPC call, unary or server-streaming, as a queue of what arrived: each message,
 * then its end (OK, or the status it failed with). `probe --stream` prints from it; tests read from it.
 * Callbacks only queue, so a channel with a direct executor never runs caller code on its event loop.
 */
public final class StreamRecorder<ReqT, RespT> implements ClientResponseObserver<ReqT, RespT> {

  /** One thing the call delivered. */
  public sealed interface Event<T> permits Message, End {}

  public record Message<T>(T value) implements Event<T> {}

  /** The call's last event: {@link Status#OK} when the server completed it. */
  public record End<T>(Status status) implements Event<T> {}

  private final BlockingQueue<Event<RespT>> events = new LinkedBlockingQueue<>();
  private final CompletableFuture<ClientCallStreamObserver<ReqT>> call = new CompletableFuture<>();

  /** The next event, or null when none arrives within {@code within}. */
  public Event<RespT> poll(Duration within) throws InterruptedException {
    return events.poll(within.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Cancels the call, as a client that has heard enough. */
  public void cancel(String why) throws InterruptedException {
    try {
      call.get(5, TimeUnit.SECONDS).cancel(why, null);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("the call never started", e);
    }
  }

  @Override
  public void beforeStart(ClientCallStreamObserver<ReqT> requestStream) {
    call.complete(requestStream);
  }

  @Override
  public void onNext(RespT value) {
    events.add(new Message<>(value));
  }

  @Override
  public void onError(Throwable t) {
    events.add(new End<>(Status.fromThrowable(t)));
  }

  @Override
  public void onCompleted() {
    events.add(new End<>(Status.OK));
  }
}
