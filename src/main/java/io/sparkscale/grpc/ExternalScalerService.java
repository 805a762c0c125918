package io.sparkscale.grpc;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.sparkscale.backlog.BacklogCache;
import io.sparkscale.backlog.BacklogCount;
import io.sparkscale.backlog.BacklogUnavailableException;
import io.sparkscale.grpc.externalscaler.ExternalScalerGrpc;
import io.sparkscale.grpc.externalscaler.GetMetricSpecResponse;
import io.sparkscale.grpc.externalscaler.GetMetricsRequest;
import io.sparkscale.grpc.externalscaler.GetMetricsResponse;
import io.sparkscale.grpc.externalscaler.IsActiveResponse;
import io.sparkscale.grpc.externalscaler.MetricSpec;
import io.sparkscale.grpc.externalscaler.MetricValue;
import io.sparkscale.grpc.externalscaler.ScaledObjectRef;
import io.sparkscale.tenancy.AccessDeniedException;
import io.sparkscale.trigger.TriggerParser;
import io.sparkscale.trigger.TriggerSpec;
import io.sparkscale.units.InvalidInputException;
import io.sparkscale.units.SafeText;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * KEDA's ExternalScaler over the shared backlog cache. Implements the generated AsyncService interface,
 * not the ImplBase, so quarkus-grpc does not start a server of its own (see the build notes).
 *
 * <p>Failures are statuses, never a value: bad metadata is INVALID_ARGUMENT naming the key; no count young
 * enough is UNAVAILABLE with the reason. A made-up 0 would scale a workload to zero.
 */
public final class ExternalScalerService implements ExternalScalerGrpc.AsyncService, AutoCloseable {

  private static final Logger LOG = Logger.getLogger(ExternalScalerService.class);
  private static final int STREAM_THREADS = 4;

  private final TriggerParser parser;
  private final BacklogCache cache;
  private final Duration streamCheckEvery;
  private final Duration maxStaleness;
  private final ScheduledThreadPoolExecutor streamChecks;
  private final Set<ActiveStream> streams = ConcurrentHashMap.newKeySet();

  /**
   * @param streamCheckEvery how often an open StreamIsActive re-reads the cache (a cache hit between
   *     refreshes, so cheap)
   * @param maxStaleness a stream that gets no count for this long ends with UNAVAILABLE
   */
  public ExternalScalerService(
      TriggerParser parser, BacklogCache cache, Duration streamCheckEvery, Duration maxStaleness) {
    this.parser = Objects.requireNonNull(parser, "parser");
    this.cache = Objects.requireNonNull(cache, "cache");
    this.streamCheckEvery = Objects.requireNonNull(streamCheckEvery, "streamCheckEvery");
    this.maxStaleness = Objects.requireNonNull(maxStaleness, "maxStaleness");
    this.streamChecks = new ScheduledThreadPoolExecutor(STREAM_THREADS, ScalerServer.named("sparkscale-stream-"));
    // A cancelled stream's task leaves the queue at once rather than at its next due time.
    streamChecks.setRemoveOnCancelPolicy(true);
  }

  @Override
  public void getMetricSpec(ScaledObjectRef request, StreamObserver<GetMetricSpecResponse> response) {
    TriggerSpec spec;
    try {
      spec = parse(request);
    } catch (RuntimeException e) {
      fail(response, "GetMetricSpec", request, e);
      return;
    }
    // Parsing only: KEDA calls this on every poll, and it must not cost an S3 request.
    response.onNext(GetMetricSpecResponse.newBuilder()
        .addMetricSpecs(MetricSpec.newBuilder()
            .setMetricName(spec.metricName())
            .setTargetSize(spec.target())
            .setTargetSizeFloat(spec.target()))
        .build());
    response.onCompleted();
  }

  @Override
  public void getMetrics(GetMetricsRequest request, StreamObserver<GetMetricsResponse> response) {
    ScaledObjectRef ref = request.getScaledObjectRef();
    try {
      TriggerSpec spec = parse(ref);
      long value = spec.valueOf(cache.get(spec.key()));
      // KEDA strips its "sN-" prefix from the name and ignores the name in the reply; answer for the
      // trigger in the ref under whatever name was asked.
      String name = request.getMetricName().isEmpty() ? spec.metricName() : request.getMetricName();
      response.onNext(GetMetricsResponse.newBuilder()
          .addMetricValues(MetricValue.newBuilder()
              .setMetricName(name).setMetricValue(value).setMetricValueFloat(value))
          .build());
      response.onCompleted();
    } catch (BacklogUnavailableException | RuntimeException e) {
      fail(response, "GetMetrics", ref, e);
    }
  }

  @Override
  public void isActive(ScaledObjectRef request, StreamObserver<IsActiveResponse> response) {
    try {
      TriggerSpec spec = parse(request);
      boolean active = spec.isActive(cache.get(spec.key()));
      response.onNext(IsActiveResponse.newBuilder().setResult(active).build());
      response.onCompleted();
    } catch (BacklogUnavailableException | RuntimeException e) {
      fail(response, "IsActive", request, e);
    }
  }

  @Override
  public void streamIsActive(ScaledObjectRef request, StreamObserver<IsActiveResponse> response) {
    TriggerSpec spec;
    try {
      spec = parse(request);
    } catch (RuntimeException e) {
      fail(response, "StreamIsActive", request, e);
      return;
    }
    ActiveStream stream = new ActiveStream(spec, (ServerCallStreamObserver<IsActiveResponse>) response);
    streams.add(stream);
    // Must be set before this method returns; KEDA cancels streams whenever it rebuilds a scaler.
    stream.out.setOnCancelHandler(stream::stop);
    stream.start();
  }

  /** Open StreamIsActive calls (for the metrics gauge and the leak test). */
  public int openStreams() {
    return streams.size();
  }

  /** Scheduled stream checks, including ones not yet due (the leak test watches it). */
  public int scheduledChecks() {
    return streamChecks.getQueue().size();
  }

  /**
   * Ends every open stream with UNAVAILABLE so KEDA reconnects (to another pod behind the Service) and
   * stops the checks. Called on shutdown before draining the unary calls.
   */
  public void endStreams(String why) {
    for (ActiveStream stream : streams) {
      stream.end(Status.UNAVAILABLE.withDescription(why));
    }
  }

  @Override
  public void close() {
    endStreams("the scaler is shutting down");
    streamChecks.shutdownNow();
  }

  /** Every call's metadata goes through here: the one place that decides whether a trigger is served. */
  private TriggerSpec parse(ScaledObjectRef ref) {
    // The namespace decides, through the tenant policy if there is one, before anything is counted.
    return parser.parse(ref.getNamespace(), ref.getScalerMetadataMap());
  }

  private void fail(StreamObserver<?> response, String method, ScaledObjectRef ref, Exception e) {
    // Namespace and name come from the caller: quoted, so they cannot forge log lines.
    String who = SafeText.quote(ref.getNamespace()) + "/" + SafeText.quote(ref.getName());
    Status status;
    if (e instanceof InvalidInputException) {
      status = Status.INVALID_ARGUMENT.withDescription(e.getMessage());
      LOG.debugf("%s for %s refused: %s", method, who, e.getMessage());
    } else if (e instanceof AccessDeniedException) {
      status = Status.PERMISSION_DENIED.withDescription(e.getMessage());
      LOG.debugf("%s for %s denied: %s", method, who, e.getMessage());
    } else if (e instanceof BacklogUnavailableException) {
      status = Status.UNAVAILABLE.withDescription(e.getMessage()).withCause(e);
      LOG.debugf("%s for %s unavailable: %s", method, who, e.getMessage());
    } else {
      status = Status.INTERNAL.withDescription("internal error: " + e).withCause(e);
      LOG.errorf(e, "%s for %s failed", method, who);
    }
    response.onError(status.asRuntimeException());
  }

  /** One StreamIsActive call: re-reads the cache periodically and sends the state when it changes. */
  private final class ActiveStream implements Runnable {
    final TriggerSpec spec;
    final ServerCallStreamObserver<IsActiveResponse> out;
    private final long openedAt = System.nanoTime();
    // Guarded by this.
    private java.util.concurrent.ScheduledFuture<?> task;
    private Boolean lastSent;
    private boolean done;

    ActiveStream(TriggerSpec spec, ServerCallStreamObserver<IsActiveResponse> out) {
      this.spec = spec;
      this.out = out;
    }

    synchronized void start() {
      if (done) {
        return;
      }
      try {
        task = streamChecks.scheduleWithFixedDelay(this, 0, streamCheckEvery.toMillis(), TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        end(Status.UNAVAILABLE.withDescription("the scaler is shutting down"));
      }
    }

    @Override
    public void run() {
      try {
        check();
      } catch (RuntimeException e) { // a periodic task that throws is silently never run again
        LOG.errorf(e, "StreamIsActive check of %s failed", spec.describe());
        end(Status.INTERNAL.withDescription("internal error: " + e));
      }
    }

    private void check() {
      synchronized (this) {
        if (done) {
          return;
        }
      }
      BacklogCount count;
      try {
        count = cache.get(spec.key());
      } catch (BacklogUnavailableException e) {
        // A first count may take a while; a stream that had an answer only lands here once that answer
        // is older than maxStaleness (the cache serves stale counts until then).
        boolean waitedTooLong = System.nanoTime() - openedAt > maxStaleness.toNanos();
        boolean hadAnswer;
        synchronized (this) {
          hadAnswer = lastSent != null;
        }
        if (hadAnswer || waitedTooLong) {
          end(Status.UNAVAILABLE.withDescription(e.getMessage()));
        }
        return;
      }
      boolean active = spec.isActive(count);
      synchronized (this) {
        if (!done && (lastSent == null || lastSent != active)) {
          out.onNext(IsActiveResponse.newBuilder().setResult(active).build());
          lastSent = active;
        }
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
      streams.remove(this);
    }

    /** The server ends the stream with a status. */
    void end(Status status) {
      boolean wasOpen;
      synchronized (this) {
        wasOpen = !done;
        if (wasOpen && !out.isCancelled()) {
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
}
