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

  private ScalerHarness(Builder b) throws IOException {
    cache = new BacklogCache(b.source, b.settings, b.clock, metrics);
    service = new ExternalScalerService(b.parser, cache, b.streamEvery, b.settings.maxStaleness());
    server = ScalerServer.start(new InetSocketAddress("127.0.0.1", 0), service, b.tls, b.connections,
        new GrpcMetricsInterceptor(metrics));
    channel = b.tls == null
        ? NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext()
            // Callbacks only queue events: no client thread pool that would blur the thread-leak count.
            .directExecutor().build()
        : null;
  }

  /** A server over this source, set up further before {@link Builder#start()}. */
  public static Builder with(BacklogSource source) {
    return new Builder(source);
  }

  public static ScalerHarness start(BacklogSource source, CacheSettings settings) throws IOException {
    return with(source).settings(settings).start();
  }

  public static ScalerHarness start(BacklogSource source, CacheSettings settings, ServerDefaults defaults)
      throws IOException {
    return with(source).settings(settings).parser(new TriggerParser(defaults)).start();
  }

  /** A server whose parser the test built (a tenant policy, other defaults). */
  public static ScalerHarness start(BacklogSource source, CacheSettings settings, TriggerParser parser)
      throws IOException {
    return with(source).settings(settings).parser(parser).start();
  }

  /** A server with these connection limits (`serve --grpc-*`). */
  public static ScalerHarness start(BacklogSource source, CacheSettings settings, ConnectionSettings connections)
      throws IOException {
    return with(source).settings(settings).connections(connections).start();
  }

  /** TLS on the server; the test builds its own client channels. */
  public static ScalerHarness startTls(BacklogSource source, SslContext tls) throws IOException {
    Builder builder = with(source);
    builder.tls = tls;
    builder.streamEvery = Duration.ofSeconds(1);
    return builder.start();
  }

  /** What a test may choose; everything else is serve's default. */
  public static final class Builder {
    private final BacklogSource source;
    private CacheSettings settings = CacheSettings.defaults();
    private TriggerParser parser = new TriggerParser(ServerDefaults.aws());
    private Clock clock = Clock.systemUTC();
    private Duration streamEvery = Duration.ofMillis(100);
    private ConnectionSettings connections = ConnectionSettings.defaults();
    private SslContext tls;

    private Builder(BacklogSource source) {
      this.source = source;
    }

    public Builder settings(CacheSettings settings) {
      this.settings = settings;
      return this;
    }

    public Builder parser(TriggerParser parser) {
      this.parser = parser;
      return this;
    }

    /** The cache's clock: a MutableClock lets a test pass a ttl or max staleness without sleeping. */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    public Builder connections(ConnectionSettings connections) {
      this.connections = connections;
      return this;
    }

    public ScalerHarness start() throws IOException {
      return new ScalerHarness(this);
    }
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
