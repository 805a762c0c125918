package io.sparkscale.grpc;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.sparkscale.backlog.BacklogCount;
import io.sparkscale.grpc.externalscaler.IsActiveResponse;
import io.sparkscale.trigger.TriggerSpec;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * One StreamIsActive call: looks at the cache periodically without waiting (a lookup whose count is not
 * ready completes later, and no new one starts meanwhile) and sends the state only when it changes, so
 * KEDA's cooldown runs from the real transition. Ends with UNAVAILABLE only when no count young enough
 * can be had: the cache serves a stale count until max staleness.
 */
final class IsActiveStream implements Runnable {

  private static final Logger LOG = Logger.getLogger(IsActiveStream.class);

  final TriggerSpec spec;
  final ServerCallStreamObserver<IsActiveResponse> out;
  private final ExternalScalerService service;
  private final long openedAt = System.nanoTime();
  // Guarded by this.
  private ScheduledFuture<?> task;
  private Boolean lastSent;
  private boolean done;
  private boolean looking;

  IsActiveStream(ExternalScalerService service, TriggerSpec spec, ServerCallStreamObserver<IsActiveResponse> out) {
    this.service = service;
    this.spec = spec;
    this.out = out;
  }

  synchronized void start() {
    if (done) {
      return;
    }
    try {
      task = service.streamChecks.scheduleWithFixedDelay(
          this, 0, service.streamCheckEvery.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      end(Status.UNAVAILABLE.withDescription("the scaler is shutting down"));
    }
  }

  @Override
  public void run() {
    synchronized (this) {
      if (done || looking) {
        return;
      }
      looking = true;
    }
    try {
      service.cache.count(spec.key()).whenComplete(this::answer);
    } catch (RuntimeException e) { // a periodic task that throws is silently never run again
      LOG.errorf(e, "StreamIsActive check of %s failed", spec.describe());
      end(Status.INTERNAL.withDescription("internal error: " + e));
    }
  }

  private void answer(BacklogCount count, Throwable error) {
    boolean hadAnswer;
    synchronized (this) {
      looking = false;
      hadAnswer = lastSent != null;
    }
    if (error != null) {
      // A first count may take a while; a stream that had an answer only lands here once that answer
      // is older than maxStaleness (the cache serves stale counts until then).
      boolean waitedTooLong = System.nanoTime() - openedAt > service.maxStaleness.toNanos();
      if (hadAnswer || waitedTooLong) {
        end(Status.UNAVAILABLE.withDescription(ExternalScalerService.unwrap(error).getMessage()));
      }
      return;
    }
    try {
      boolean active = spec.isActive(count);
      synchronized (this) {
        if (!done && (lastSent == null || lastSent != active)) {
          out.onNext(IsActiveResponse.newBuilder().setResult(active).build());
          lastSent = active;
        }
      }
    } catch (RuntimeException e) {
      LOG.errorf(e, "StreamIsActive answer for %s failed", spec.describe());
      end(Status.INTERNAL.withDescription("internal error: " + e));
    }
  }

  /** The client went away: forget the stream, nothing to send. */
  void stop() {
    synchronized (this) {
      done = true;
      if (task != null) {
        task.cancel(false);
      }
    }
    service.streams.remove(this);
  }

  /** The server ends the stream with a status. */
  void end(Status status) {
    synchronized (this) {
      if (!done && !out.isCancelled()) {
        try {
          out.onError(status.asRuntimeException());
        } catch (RuntimeException e) {
          // the call closed meanwhile; nothing left to tell
        }
      }
    }
    stop();
  }
}
