package io.sparkscale.grpc;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits on the gRPC server's connections (`serve --grpc-*` flags). The defaults are chosen against what
 * KEDA does (kedacore/keda pkg/scalers/external_scaler.go, getClientForConnectionPool): one grpc-go
 * ClientConn per scaler address and TLS settings, shared by every ScaledObject, made with grpc.NewClient
 * and no keepalive options, called every pollingInterval (30 s by default) for as long as KEDA runs.
 *
 * @param maxConnections connections open at once; more are closed as soon as they are accepted. KEDA holds
 *     one per operator process; the rest is room for `sparkscale probe` and restarts.
 * @param handshakeTimeout from accept to the client's HTTP/2 SETTINGS (TLS included); a connection that
 *     has not got there is closed. grpc-go sends its preface as soon as the connection is up.
 * @param maxConnectionIdle a connection without a call for this long gets a GOAWAY and is closed. Longer
 *     than KEDA's default polling interval, so its connection stays; a slower poller's grpc-go client
 *     reconnects on its next call without failing it.
 * @param permitKeepAliveTime clients may ping at most this often (more pings end the connection). KEDA
 *     sends no keepalive pings, and grpc-go refuses client keepalive times under 10 s.
 */
public record ConnectionSettings(
    int maxConnections, Duration handshakeTimeout, Duration maxConnectionIdle, Duration permitKeepAliveTime) {

  public static final int DEFAULT_MAX_CONNECTIONS = 256;
  public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_MAX_CONNECTION_IDLE = Duration.ofMinutes(5);
  public static final Duration DEFAULT_PERMIT_KEEPALIVE_TIME = Duration.ofSeconds(10);
  /** Server pings find connections whose peer vanished (a stream open on a dead node is never idle). */
  static final Duration KEEPALIVE_TIME = Duration.ofMinutes(1);
  static final Duration KEEPALIVE_TIMEOUT = Duration.ofSeconds(20);

  public ConnectionSettings {
    Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
    Objects.requireNonNull(maxConnectionIdle, "maxConnectionIdle");
    Objects.requireNonNull(permitKeepAliveTime, "permitKeepAliveTime");
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections must be positive, got " + maxConnections);
    }
    if (!positive(handshakeTimeout) || !positive(maxConnectionIdle) || permitKeepAliveTime.isNegative()) {
      throw new IllegalArgumentException("connection timeouts must be positive");
    }
  }

  private static boolean positive(Duration duration) {
    return !duration.isNegative() && !duration.isZero();
  }

  public static ConnectionSettings defaults() {
    return new ConnectionSettings(DEFAULT_MAX_CONNECTIONS, DEFAULT_HANDSHAKE_TIMEOUT, DEFAULT_MAX_CONNECTION_IDLE,
        DEFAULT_PERMIT_KEEPALIVE_TIME);
  }
}
