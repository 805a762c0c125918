package io.sparkscale.bench;

import io.grpc.ManagedChannel;
import io.sparkscale.backlog.BacklogCache;
import io.sparkscale.backlog.BacklogSource;
import io.sparkscale.backlog.CacheSettings;
import io.sparkscale.grpc.ExternalScalerService;
import io.sparkscale.grpc.ScalerServer;
import io.sparkscale.grpc.externalscaler.ExternalScalerGrpc;
import io.sparkscale.grpc.externalscaler.GetMetricsRequest;
import io.sparkscale.grpc.externalscaler.ScaledObjectRef;
import io.sparkscale.observability.GrpcMetricsInterceptor;
import io.sparkscale.observability.ScalerMetrics;
import io.sparkscale.trigger.ServerDefaults;
import io.sparkscale.trigger.TriggerParser;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The scaler as `serve` wires it (cache, service, gRPC server with its metrics interceptor) on a free
 * loopback port, and a real gRPC client channel to it.
 */
final class InProcessScaler implements AutoCloseable {

  final BacklogSource source;
  final BacklogCache cache;
  final ExternalScalerService service;
  final ScalerServer server;
  final ManagedChannel channel;

  InProcessScaler(BacklogSource source, CacheSettings settings, String endpoint) throws IOException {
    this.source = source;
    ScalerMetrics metrics = new ScalerMetrics("bench");
    cache = new BacklogCache(source, settings, Clock.systemUTC(), metrics);
    ServerDefaults defaults = new ServerDefaults(endpoint, Stores.REGION, true, List.of());
    service = new ExternalScalerService(new TriggerParser(defaults), cache, Duration.ofSeconds(1),
        settings.maxStaleness());
    server = ScalerServer.start(new InetSocketAddress("127.0.0.1", 0), service, null,
        new GrpcMetricsInterceptor(metrics));
    channel = LatencyBench.channel(server.port());
  }

  ExternalScalerGrpc.ExternalScalerBlockingStub blocking() {
    return ExternalScalerGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  ExternalScalerGrpc.ExternalScalerStub async() {
    return ExternalScalerGrpc.newStub(channel);
  }

  static ScaledObjectRef ref(String name, Map<String, String> metadata) {
    return ScaledObjectRef.newBuilder().setName(name).setNamespace("bench").putAllScalerMetadata(metadata).build();
  }

  static GetMetricsRequest metrics(ScaledObjectRef ref) {
    return GetMetricsRequest.newBuilder().setScaledObjectRef(ref).setMetricName("s3-objects").build();
  }

  @Override
  public void close() throws InterruptedException {
    channel.shutdownNow();
    channel.awaitTermination(5, TimeUnit.SECONDS);
    server.shutdown(Duration.ofSeconds(2));
    service.close();
    cache.close();
  }
}
