package io.sparkscale.grpc;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.handler.ssl.SslContext;
import io.sparkscale.backlog.BacklogCache;
import io.sparkscale.backlog.BacklogSource;
import io.sparkscale.backlog.CacheSettings;
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
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A real scaler server on a free loopback port, with a real client channel to it. */
public final class ScalerHarness implements AutoCloseable {

  public final ScalerMetrics metrics = new ScalerMetrics("test");
  final BacklogCache cache;
  final ExternalScalerService service;
  public final ScalerServer server;
  public final ManagedChannel channel;

  private ScalerHarness(BacklogSource source, CacheSettings settings, ServerDefaults defaults,
      Duration streamEvery, SslContext tls) throws IOException {
    this(source, settings, new TriggerParser(defaults), streamEvery, tls, ConnectionSettings.defaults());
  }

  private ScalerHarness(BacklogSource source, CacheSettings settings, TriggerParser parser,
      Duration streamEvery, SslContext tls, ConnectionSettings connections) throws IOException {
    cache = new BacklogCache(source, settings, Clock.systemUTC(), metrics);
    service = new ExternalScalerService(parser, cache, streamEvery, settings.maxStaleness());
    server = ScalerServer.start(new InetSocketAddress("127.0.0.1", 0), service, tls, connections,
        new GrpcMetricsInterceptor(metrics));
    channel = tls == null
        ? NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext()
            // Callbacks only queue events: no client thread pool that would blur the thread-leak count.
            .directExecutor().build()
        : null;
  }

  public static ScalerHarness start(BacklogSource source, CacheSettings settings) throws IOException {
    return new ScalerHarness(source, settings, ServerDefaults.aws(), Duration.ofMillis(100), null);
  }

  public static ScalerHarness start(BacklogSource source, CacheSettings settings, ServerDefaults defaults)
      throws IOException {
    return new ScalerHarness(source, settings, defaults, Duration.ofMillis(100), null);
  }

  /** A server whose parser the test built (a tenant policy, other defaults). */
  public static ScalerHarness start(BacklogSource source, CacheSettings settings, TriggerParser parser)
      throws IOException {
    return new ScalerHarness(source, settings, parser, Duration.ofMillis(100), null, ConnectionSettings.defaults());
  }

  /** A server with these connection limits (`serve --grpc-*`). */
  public static ScalerHarness start(BacklogSource source, CacheSettings settings, ConnectionSettings connections)
      throws IOException {
    return new ScalerHarness(source, settings, new TriggerParser(ServerDefaults.aws()), Duration.ofMillis(100),
        null, connections);
  }

  /** TLS on the server; the test builds its own client channels. */
  public static ScalerHarness startTls(BacklogSource source, SslContext tls) throws IOException {
    return new ScalerHarness(source, CacheSettings.defaults(), ServerDefaults.aws(), Duration.ofSeconds(1), tls);
  }

  public ExternalScalerGrpc.ExternalScalerBlockingStub blocking() {
    return ExternalScalerGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  ExternalScalerGrpc.ExternalScalerStub async() {
    return ExternalScalerGrpc.newStub(channel);
  }

  public static ScaledObjectRef ref(Map<String, String> metadata) {
    return ref("spark", metadata);
  }

  public static ScaledObjectRef ref(String namespace, Map<String, String> metadata) {
    return ScaledObjectRef.newBuilder().setName("spark-connect").setNamespace(namespace)
        .putAllScalerMetadata(metadata).build();
  }

  public static GetMetricsRequest metrics(Map<String, String> metadata, String metricName) {
    return GetMetricsRequest.newBuilder().setScaledObjectRef(ref(metadata)).setMetricName(metricName).build();
  }

  @Override
  public void close() throws InterruptedException {
    if (channel != null) {
      channel.shutdownNow();
      channel.awaitTermination(5, TimeUnit.SECONDS);
    }
    server.shutdown(Duration.ofSeconds(2));
    service.close();
    cache.close();
  }
}
