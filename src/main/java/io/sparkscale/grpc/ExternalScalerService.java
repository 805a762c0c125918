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
import io.sparkscale.units.DaemonThreads;
import io.sparkscale.units.SafeText;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.BiConsumer;
import org.jboss.logging.Logger;

/**
 * KEDA's ExternalScaler over the shared backlog cache. Implements the generated AsyncService interface,
 * not the ImplBase, so quarkus-grpc does not start a server of its own (see the build notes).
 *
 * <p>No handler blocks: GetMetrics and IsActive complete their response from the cache's future (at once
 * when a count is at hand, else from the listing's end or the cache's timer), so a thousand first calls
 * hold no thread.
 *
 * <p>Failures are statuses, never a value: bad metadata is INVALID_ARGUMENT naming the key; no count young
 * enough is UNAVAILABLE with the reason. A made-up 0 would scale a workload to zero.
 */
public final class ExternalScalerService implements ExternalScalerGrpc.AsyncService, AutoCloseable {

  private static final Logger LOG = Logger.getLogger(ExternalScalerService.class);
  /** Stream checks only start a cache lookup; one thread is plenty. */
  private static final int STREAM_THREADS = 1;

  private final TriggerParser parser;
  final BacklogCache cache;
  final Duration streamCheckEvery;
  final Duration maxStaleness;
  final ScheduledThreadPoolExecutor streamChecks;
  final Set<IsActiveStream> streams = ConcurrentHashMap.newKeySet();
  private final Set<ServerCallStreamObserver<GetMetricSpecResponse>> specStreams = ConcurrentHashMap.newKeySet();

  /**
   * @param streamCheckEvery how often an open StreamIsActive looks at the cache (a cache hit between
   *     refreshes, so cheap; it also keeps the key refreshed ahead)
   * @param maxStaleness a stream that gets no count for this long ends with UNAVAILABLE
   */
  public ExternalScalerService(
      TriggerParser parser, BacklogCache cache, Duration streamCheckEvery, Duration maxStaleness) {
    this.parser = Objects.requireNonNull(parser, "parser");
    this.cache = Objects.requireNonNull(cache, "cache");
    this.streamCheckEvery = Objects.requireNonNull(streamCheckEvery, "streamCheckEvery");
    this.maxStaleness = Objects.requireNonNull(maxStaleness, "maxStaleness");
    this.streamChecks = new ScheduledThreadPoolExecutor(STREAM_THREADS, DaemonThreads.named("sparkscale-stream-"));
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
    response.onNext(metricSpecs(spec));
    response.onCompleted();
  }

  /**
   * KEDA v2.21's push of metric specs: the current specs at once (its rule 1), the very response
   * GetMetricSpec gives (rule 2). A trigger's spec comes from its metadata alone, and KEDA reopens the
   * stream when the metadata changes, so nothing more is ever sent; the stream stays open until KEDA
   * cancels it or the server shuts down.
   */
  @Override
  public void streamMetricSpec(ScaledObjectRef request, StreamObserver<GetMetricSpecResponse> response) {
    TriggerSpec spec;
    try {
      spec = parse(request);
    } catch (RuntimeException e) {
      fail(response, "StreamMetricSpec", request, e);
      return;
    }
    ServerCallStreamObserver<GetMetricSpecResponse> out = (ServerCallStreamObserver<GetMetricSpecResponse>) response;
    out.setOnCancelHandler(() -> specStreams.remove(out));
    // Registered before the first message: a client that reacts to it (or a shutdown right after) must
    // find the stream to end with UNAVAILABLE, not leave it to the drain's CANCELLED.
    synchronized (out) {
      specStreams.add(out);
      out.onNext(metricSpecs(spec));
    }
  }

  @Override
  public void getMetrics(GetMetricsRequest request, StreamObserver<GetMetricsResponse> response) {
    ScaledObjectRef ref = request.getScaledObjectRef();
    answerFromCount(ref, response, "GetMetrics", (spec, count) -> {
      long value = spec.valueOf(count);
      // KEDA strips its "sN-" prefix from the name and ignores the name in the reply; answer for the
      // trigger in the ref under whatever name was asked.
      String name = request.getMetricName().isEmpty() ? spec.metricName() : request.getMetricName();
      response.onNext(GetMetricsResponse.newBuilder()
          .addMetricValues(MetricValue.newBuilder()
              .setMetricName(name).setMetricValue(value).setMetricValueFloat(value))
          .build());
      response.onCompleted();
    });
  }

  @Override
  public void isActive(ScaledObjectRef request, StreamObserver<IsActiveResponse> response) {
    answerFromCount(request, response, "IsActive", (spec, count) -> {
      response.onNext(IsActiveResponse.newBuilder().setResult(spec.isActive(count)).build());
      response.onCompleted();
    });
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
    IsActiveStream stream = new IsActiveStream(this, spec, (ServerCallStreamObserver<IsActiveResponse>) response);
    streams.add(stream);
    // Must be set before this method returns; KEDA cancels streams whenever it rebuilds a scaler.
    stream.out.setOnCancelHandler(stream::stop);
    stream.start();
  }

  /** Open StreamIsActive calls (for the metrics gauge and the leak test). */
  public int openStreams() {
    return streams.size();
  }

  /** Open StreamMetricSpec calls. */
  public int openSpecStreams() {
    return specStreams.size();
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
    for (IsActiveStream stream : streams) {
      stream.end(Status.UNAVAILABLE.withDescription(why));
    }
    for (ServerCallStreamObserver<GetMetricSpecResponse> out : specStreams) {
      specStreams.remove(out);
      synchronized (out) {
        try {
          out.onError(Status.UNAVAILABLE.withDescription(why).asRuntimeException());
        } catch (RuntimeException e) {
          // the call closed meanwhile; nothing left to tell
        }
      }
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

  /** The one GetMetricSpec answer for a trigger, whichever call asks (StreamMetricSpec's rule 2). */
  private static GetMetricSpecResponse metricSpecs(TriggerSpec spec) {
    return GetMetricSpecResponse.newBuilder()
        .addMetricSpecs(MetricSpec.newBuilder()
            .setMetricName(spec.metricName())
            .setTargetSize(spec.target())
            .setTargetSizeFloat(spec.target()))
        .build();
  }

  /**
   * Parses, asks the cache, and answers from the future's callback: on this thread when the count is at
   * hand, else on the thread that completes it. Never waits.
   */
  private <R> void answerFromCount(ScaledObjectRef ref, StreamObserver<R> response, String method,
      BiConsumer<TriggerSpec, BacklogCount> answer) {
    TriggerSpec spec;
    try {
      spec = parse(ref);
    } catch (RuntimeException e) {
      fail(response, method, ref, e);
      return;
    }
    if (response instanceof ServerCallStreamObserver<R> call) {
      // With a handler set, an answer to a call the client gave up on is dropped instead of throwing.
      call.setOnCancelHandler(() -> {});
    }
    cache.count(spec.key()).whenComplete((count, error) -> {
      if (error != null) {
        fail(response, method, ref, unwrap(error));
        return;
      }
      try {
        answer.accept(spec, count);
      } catch (RuntimeException e) {
        fail(response, method, ref, e);
      }
    });
  }

  /** Namespace and name come from the caller: quoted, so they cannot forge log lines. */
  private static String who(ScaledObjectRef ref) {
    return SafeText.quote(ref.getNamespace()) + "/" + SafeText.quote(ref.getName());
  }

  static Exception unwrap(Throwable error) {
    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    return cause instanceof Exception e ? e : new IllegalStateException(cause);
  }

  private void fail(StreamObserver<?> response, String method, ScaledObjectRef ref, Exception e) {
    Status status;
    String outcome;
    if (e instanceof InvalidInputException) {
      status = Status.INVALID_ARGUMENT.withDescription(e.getMessage());
      outcome = "refused";
    } else if (e instanceof AccessDeniedException) {
      status = Status.PERMISSION_DENIED.withDescription(e.getMessage());
      outcome = "denied";
    } else if (e instanceof BacklogUnavailableException) {
      status = Status.UNAVAILABLE.withDescription(e.getMessage()).withCause(e);
      outcome = "unavailable";
    } else {
      status = Status.INTERNAL.withDescription("internal error: " + e).withCause(e);
      outcome = null;
    }
    // The caller's name is quoted only for a line that is written (these are DEBUG but for INTERNAL).
    if (outcome == null) {
      LOG.errorf(e, "%s for %s failed", method, who(ref));
    } else if (LOG.isDebugEnabled()) {
      LOG.debugf("%s for %s %s: %s", method, who(ref), outcome, e.getMessage());
    }
    try {
      response.onError(status.asRuntimeException());
    } catch (RuntimeException closed) {
      // the call was cancelled or closed meanwhile; nothing left to tell
    }
  }
}
