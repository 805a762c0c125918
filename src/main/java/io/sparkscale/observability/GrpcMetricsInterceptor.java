package io.sparkscale.observability;

import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Counts every gRPC call once, by method and final status code. A call the client cancels (a KEDA stream
 * it closes) is never closed by the server, so it counts as CANCELLED.
 */
public final class GrpcMetricsInterceptor implements ServerInterceptor {

  private final MetricsRegistry.Counter requests;

  public GrpcMetricsInterceptor(ScalerMetrics metrics) {
    this.requests = metrics.grpcRequests();
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    String method = call.getMethodDescriptor().getBareMethodName();
    AtomicBoolean counted = new AtomicBoolean();
    ServerCall<Q, R> counting =
        new SimpleForwardingServerCall<>(call) {
          @Override
          public void close(Status status, Metadata trailers) {
            if (counted.compareAndSet(false, true)) {
              requests.inc(method == null ? "unknown" : method, status.getCode().name());
            }
            super.close(status, trailers);
          }
        };
    return new SimpleForwardingServerCallListener<>(next.startCall(counting, headers)) {
      @Override
      public void onCancel() {
        if (counted.compareAndSet(false, true)) {
          requests.inc(method == null ? "unknown" : method, Status.Code.CANCELLED.name());
        }
        super.onCancel();
      }
    };
  }
}
