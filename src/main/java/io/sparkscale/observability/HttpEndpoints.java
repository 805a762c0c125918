package io.sparkscale.observability;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The scaler's plain-HTTP side for kubelet probes and Prometheus: GET /livez, /readyz (200 once the gRPC
 * server is bound) and /metrics. The JDK's own server keeps this small; it serves from one thread.
 */
public final class HttpEndpoints implements AutoCloseable {

  private final HttpServer server;
  private final ExecutorService executor;

  private HttpEndpoints(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /** Binds and starts serving; port 0 picks a free port. */
  public static HttpEndpoints start(
      InetSocketAddress address, MetricsRegistry registry, BooleanSupplier ready) throws IOException {
    return start(address, registry, ready, List::of);
  }

  /**
   * @param warnings lines /readyz adds after "ok": setups that still serve correct counts (by listing)
   *     but not the way they were configured to, such as a notification queue that is failing
   */
  public static HttpEndpoints start(InetSocketAddress address, MetricsRegistry registry,
      BooleanSupplier ready, Supplier<List<String>> warnings) throws IOException {
    HttpServer server;
    try {
      server = HttpServer.create(address, 16);
    } catch (IOException e) {
      throw new IOException("cannot listen on " + address + " (HTTP): " + e.getMessage(), e);
    }
    server.createContext("/livez", exchange -> respond(exchange, 200, "text/plain; charset=utf-8", "ok\n"));
    server.createContext("/readyz", exchange -> {
      boolean isReady = ready.getAsBoolean();
      StringBuilder body = new StringBuilder(isReady ? "ok\n" : "not ready\n");
      warnings.get().forEach(line -> body.append("warning: ").append(line).append('\n'));
      respond(exchange, isReady ? 200 : 503, "text/plain; charset=utf-8", body.toString());
    });
    server.createContext("/metrics",
        exchange -> respond(exchange, 200, MetricsRegistry.CONTENT_TYPE, registry.scrape()));
    ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
      Thread thread = new Thread(runnable, "sparkscale-http");
      thread.setDaemon(true);
      return thread;
    });
    server.setExecutor(executor);
    server.start();
    return new HttpEndpoints(server, executor);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      boolean head = method.equals("HEAD");
      // The contexts match by prefix: /livez/x is not ours.
      String path = exchange.getRequestURI().getPath();
      if (!path.equals(exchange.getHttpContext().getPath())) {
        send(exchange, 404, "text/plain; charset=utf-8", "not found\n", false);
      } else if (!head && !method.equals("GET")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        send(exchange, 405, "text/plain; charset=utf-8", "method not allowed\n", false);
      } else {
        send(exchange, status, type, body, head);
      }
    }
  }

  private static void send(HttpExchange exchange, int status, String type, String body, boolean head)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
