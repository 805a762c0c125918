package io.sparkscale.grpc;

import static io.sparkscale.grpc.ScalerHarness.ref;
import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.sparkscale.backlog.CacheSettings;
import io.sparkscale.grpc.externalscaler.ExternalScalerGrpc;
import io.sparkscale.testkit.Await;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Finding 7 of issue 20: 3,000 raw connections that sent only the HTTP/2 preface stayed open (open fds
 * 418 to 3,418). With the connection settings `serve` takes as flags they are closed, and a real client
 * keeps its calls going throughout.
 */
class ConnectionLimitsTest {

  static final int FLOOD = 3000;
  static final Duration WITHIN = Duration.ofSeconds(40);
  /** The client connection preface: the magic, then (for half of them) an empty SETTINGS frame. */
  static final byte[] MAGIC = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
  static final byte[] EMPTY_SETTINGS = {0, 0, 0, 4, 0, 0, 0, 0, 0};

  @Test
  void prefaceOnlyConnectionsAreClosedWhileARealClientKeepsWorking() throws Exception {
    ConnectionSettings settings = new ConnectionSettings(500, Duration.ofSeconds(2), Duration.ofSeconds(1),
        ConnectionSettings.DEFAULT_PERMIT_KEEPALIVE_TIME);
    try (ScalerHarness scaler = serving(settings);
        Selector selector = Selector.open()) {
      assertThat(specs(scaler)).isEqualTo(1);

      List<SocketChannel> flood = new ArrayList<>();
      int refusedAtOnce = 0;
      for (int i = 0; i < FLOOD; i++) {
        SocketChannel socket = SocketChannel.open(new InetSocketAddress("127.0.0.1", scaler.server.port()));
        flood.add(socket);
        try {
          socket.write(ByteBuffer.wrap(MAGIC));
          if (i % 2 == 1) {
            socket.write(ByteBuffer.wrap(EMPTY_SETTINGS));
          }
          socket.configureBlocking(false);
          socket.register(selector, SelectionKey.OP_READ);
        } catch (IOException closedByServer) { // over --grpc-max-connections: closed when accepted
          socket.close();
          refusedAtOnce++;
        }
        if (i % 500 == 0) {
          // The connection KEDA keeps is not one of those refused or closed.
          assertThat(specs(scaler)).isEqualTo(1);
        }
      }

      awaitClosed(selector, flood.size() - refusedAtOnce);
      assertThat(specs(scaler))
          .as("the long-lived client").isEqualTo(1);
      ManagedChannel fresh = NettyChannelBuilder.forAddress("127.0.0.1", scaler.server.port()).usePlaintext().build();
      try {
        assertThat(ExternalScalerGrpc.newBlockingStub(fresh).withDeadlineAfter(10, TimeUnit.SECONDS)
            .getMetricSpec(ref(Map.of("bucket", "incoming"))).getMetricSpecsCount()).as("a new client").isEqualTo(1);
      } finally {
        fresh.shutdownNow();
      }
      for (SocketChannel socket : flood) {
        socket.close();
      }
    }
  }

  /** A real client's connection without a call for --grpc-max-connection-idle is closed; its next call reconnects. */
  @Test
  void anIdleClientConnectionIsClosedAndTheNextCallReconnects() throws Exception {
    ConnectionSettings settings = new ConnectionSettings(10, Duration.ofSeconds(10), Duration.ofSeconds(1),
        ConnectionSettings.DEFAULT_PERMIT_KEEPALIVE_TIME);
    try (ScalerHarness scaler = serving(settings)) {
      assertThat(specs(scaler)).isEqualTo(1);
      assertThat(scaler.server.openConnections()).isEqualTo(1);
      Await.untilTrue("the idle connection closed by the server", () -> scaler.server.openConnections() == 0);
      assertThat(specs(scaler))
          .as("the call after the GOAWAY").isEqualTo(1);
      assertThat(scaler.server.openConnections()).isEqualTo(1);
    }
  }

  /** Past --grpc-max-connections a connection is closed at accept; the open ones keep working. */
  @Test
  void connectionsOverTheBoundAreClosedAtAccept() throws Exception {
    ConnectionSettings settings = new ConnectionSettings(2, Duration.ofMinutes(1), Duration.ofMinutes(1),
        ConnectionSettings.DEFAULT_PERMIT_KEEPALIVE_TIME);
    try (ScalerHarness scaler = serving(settings)) {
      assertThat(specs(scaler)).isEqualTo(1);
      List<SocketChannel> raw = new ArrayList<>();
      try {
        for (int i = 0; i < 3; i++) {
          raw.add(SocketChannel.open(new InetSocketAddress("127.0.0.1", scaler.server.port())));
        }
        Await.untilTrue("two of three connections refused", () -> scaler.server.refusedConnections() == 2);
        assertThat(scaler.server.openConnections()).isEqualTo(2);
        assertThat(specs(scaler))
            .as("the client connected first").isEqualTo(1);
      } finally {
        for (SocketChannel socket : raw) {
          socket.close();
        }
      }
      Await.untilTrue("the closed sockets released", () -> scaler.server.openConnections() == 1);
    }
  }

  static ScalerHarness serving(ConnectionSettings settings) throws IOException {
    return ScalerHarness.start(new FakeBacklog().set("incoming", 3), CacheSettings.defaults(), settings);
  }

  /** GetMetricSpec over the harness's long-lived client channel: 1 when the call went through. */
  static int specs(ScalerHarness scaler) {
    return scaler.blocking().getMetricSpec(ref(Map.of("bucket", "incoming"))).getMetricSpecsCount();
  }

  /** Reads every socket until the server has closed all {@code total}; fails naming how many stay open. */
  static void awaitClosed(Selector selector, int total) throws Exception {
    ByteBuffer buffer = ByteBuffer.allocate(4096);
    int[] closed = {0};
    Await.until("the server to close " + total + " raw connections", WITHIN, () -> {
      selector.select(200);
      for (SelectionKey key : selector.selectedKeys()) {
        SocketChannel socket = (SocketChannel) key.channel();
        int read;
        try {
          buffer.clear();
          read = socket.read(buffer);
        } catch (IOException reset) {
          read = -1;
        }
        if (read < 0) {
          key.cancel();
          socket.close();
          closed[0]++;
        }
      }
      selector.selectedKeys().clear();
      return (total - closed[0]) + " still open";
    }, open -> closed[0] == total);
  }
}
