package io.sparkscale.grpc;

import io.sparkscale.units.DaemonThreads;

import io.grpc.Server;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.handler.ssl.SslContext;
import io.sparkscale.grpc.externalscaler.ExternalScalerGrpc;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The gRPC server `serve` runs: the external scaler service and grpc.health.v1, on one port, with TLS when
 * given. Bound by grpc-java directly rather than by quarkus-grpc, which would start a server for every
 * command (see the build notes).
 */
public final class ScalerServer implements AutoCloseable {

  /**
   * Netty threads: one accepts, one per core reads, runs the handlers and writes. Handlers never block
   * (answers are completed from the cache's callbacks), so they run on the network thread itself
   * (directExecutor): a hand-off to a call pool cost two thread wake-ups per call, and on busy cores
   * every wake-up waits for the scheduler, which showed in the p99 (docs/performance.md, cases 7 to 9).
   */
  static final int IO_THREADS = Math.max(2, Runtime.getRuntime().availableProcessors());

  private final Server server;
  private final HealthStatusManager health;
  private final ExternalScalerService scaler;
  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final BoundedServerChannel.Limit connections;

  private ScalerServer(Server server, HealthStatusManager health, ExternalScalerService scaler,
      EventLoopGroup boss, EventLoopGroup workers, BoundedServerChannel.Limit connections) {
    this.server = server;
    this.health = health;
    this.scaler = scaler;
    this.boss = boss;
    this.workers = workers;
    this.connections = connections;
  }

  /** Binds and starts with the default connection limits. {@code tls} null means plaintext. */
  public static ScalerServer start(
      InetSocketAddress address, ExternalScalerService scaler, SslContext tls,
      ServerInterceptor... interceptors) throws IOException {
    return start(address, scaler, tls, ConnectionSettings.defaults(), interceptors);
  }

  /**
   * Binds and starts. {@code tls} null means plaintext.
   *
   * @throws IOException when the port cannot be bound
   */
  public static ScalerServer start(
      InetSocketAddress address, ExternalScalerService scaler, SslContext tls, ConnectionSettings settings,
      ServerInterceptor... interceptors) throws IOException {
    HealthStatusManager health = new HealthStatusManager();
    EventLoopGroup boss = new NioEventLoopGroup(1, DaemonThreads.named("sparkscale-grpc-accept-"));
    EventLoopGroup workers = new NioEventLoopGroup(IO_THREADS, DaemonThreads.named("sparkscale-grpc-io-"));
    BoundedServerChannel.Limit connections = new BoundedServerChannel.Limit(settings.maxConnections());
    ServerServiceDefinition service = ExternalScalerGrpc.bindService(scaler);
    NettyServerBuilder builder =
        NettyServerBuilder.forAddress(address)
            .channelFactory(() -> new BoundedServerChannel(connections))
            .bossEventLoopGroup(boss)
            .workerEventLoopGroup(workers)
            .directExecutor()
            .addService(ServerInterceptors.intercept(service, interceptors))
            .addService(ServerInterceptors.intercept(health.getHealthService(), interceptors))
            .handshakeTimeout(settings.handshakeTimeout().toMillis(), TimeUnit.MILLISECONDS)
            .maxConnectionIdle(settings.maxConnectionIdle().toMillis(), TimeUnit.MILLISECONDS)
            .keepAliveTime(ConnectionSettings.KEEPALIVE_TIME.toMillis(), TimeUnit.MILLISECONDS)
            .keepAliveTimeout(ConnectionSettings.KEEPALIVE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
            // Clients that ping, while calling or not, may do so this often; faster pingers are cut off.
            .permitKeepAliveWithoutCalls(true)
            .permitKeepAliveTime(settings.permitKeepAliveTime().toMillis(), TimeUnit.MILLISECONDS);
    if (tls != null) {
      builder.sslContext(tls);
    }
    Server server = builder.build();
    try {
      server.start();
    } catch (IOException e) {
      boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      throw new IOException("cannot listen on " + address + " (gRPC): " + e.getMessage(), e);
    }
    health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, ServingStatus.SERVING);
    health.setStatus(ExternalScalerGrpc.SERVICE_NAME, ServingStatus.SERVING);
    return new ScalerServer(server, health, scaler, boss, workers, connections);
  }

  /** Connections open now. */
  public int openConnections() {
    return connections.open.get();
  }

  /** Connections closed at accept because --grpc-max-connections were open. */
  public long refusedConnections() {
    return connections.refused.sum();
  }

  public int port() {
    return server.getPort();
  }

  /** Bound and not shutting down: what /readyz reports. */
  public boolean ready() {
    return !server.isShutdown();
  }

  /**
   * Stops taking calls, lets running ones finish until {@code drain} passes, then cancels the rest (open
   * StreamIsActive streams end there; KEDA reopens them on another pod).
   */
  public void shutdown(Duration drain) {
    health.enterTerminalState();
    server.shutdown();
    // Open streams never finish by themselves; ending them lets the drain wait only for unary calls.
    scaler.endStreams("the scaler is shutting down");
    try {
      if (!server.awaitTermination(drain.toMillis(), TimeUnit.MILLISECONDS)) {
        server.shutdownNow();
        server.awaitTermination(1, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    } finally {
      // Given event loops are the builder's caller's to close.
      boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
  }

  @Override
  public void close() {
    shutdown(Duration.ofSeconds(5));
  }
}
