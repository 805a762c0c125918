package io.sparkscale.cli;

import io.sparkscale.grpc.ConnectionSettings;
import io.sparkscale.units.Durations;
import io.sparkscale.units.InvalidInputException;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * `serve`'s limits on gRPC connections. The defaults never cut KEDA off (see {@link ConnectionSettings}
 * and docs/keda.md, "Connection limits"); they close what only an attacker or a broken client leaves open.
 */
public class GrpcConnectionOptions {

  /** Far above any KEDA install, below typical file descriptor limits. */
  static final int MAX_CONNECTIONS = 10_000;
  /** grpc-java's smallest idle timeout. */
  static final Duration MIN_IDLE = Duration.ofSeconds(1);

  @Option(names = "--grpc-max-connections", defaultValue = "" + ConnectionSettings.DEFAULT_MAX_CONNECTIONS,
      paramLabel = "N", description = "gRPC connections open at once; more are closed when accepted"
          + " (default ${DEFAULT-VALUE}; KEDA keeps one per operator).")
  int maxConnections;

  @Option(names = "--grpc-handshake-timeout", defaultValue = "10s", paramLabel = "DURATION",
      description = "Close a gRPC connection that has not finished TLS and the HTTP/2 preface within this"
          + " (default ${DEFAULT-VALUE}).")
  String handshakeTimeout;

  @Option(names = "--grpc-max-connection-idle", defaultValue = "5m", paramLabel = "DURATION",
      description = "Close a gRPC connection without a call for this long, with a GOAWAY (default"
          + " ${DEFAULT-VALUE}; above KEDA's 30 s polling interval).")
  String maxConnectionIdle;

  @Option(names = "--grpc-permit-keepalive-time", defaultValue = "10s", paramLabel = "DURATION",
      description = "Clients may send keepalive pings at most this often; faster ones are disconnected"
          + " (default ${DEFAULT-VALUE}, grpc-go's smallest client keepalive).")
  String permitKeepAliveTime;

  /**
   * @throws InvalidInputException naming the flag and its range
   */
  ConnectionSettings settings() {
    if (maxConnections < 1 || maxConnections > MAX_CONNECTIONS) {
      throw InvalidInputException.badValue("--grpc-max-connections", Integer.toString(maxConnections),
          "use a whole number from 1 to " + MAX_CONNECTIONS);
    }
    return new ConnectionSettings(maxConnections,
        Durations.parseBetween("--grpc-handshake-timeout", handshakeTimeout, Duration.ofSeconds(1),
            Duration.ofMinutes(2)),
        Durations.parseBetween("--grpc-max-connection-idle", maxConnectionIdle, MIN_IDLE, Duration.ofDays(1)),
        Durations.parseAtMost("--grpc-permit-keepalive-time", permitKeepAliveTime, Duration.ofHours(1)));
  }
}
