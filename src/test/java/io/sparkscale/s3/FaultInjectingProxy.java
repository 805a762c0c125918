package io.sparkscale.s3;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small HTTP proxy on a free loopback port in front of an S3 endpoint, for what a real store will not
 * do on demand: answer the next requests with 503 SlowDown, answer slowly, or act as a store that ignores
 * or refuses conditional writes. Everything else is passed through unchanged.
 */
public final class FaultInjectingProxy implements AutoCloseable {

  /** Request headers the JDK client sets itself and refuses to copy. */
  private static final Set<String> HOP_BY_HOP =
      Set.of("host", "connection", "content-length", "expect", "upgrade", "transfer-encoding", "keep-alive");

  private final String upstream;
  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool(daemon());
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger slowDownsLeft = new AtomicInteger();
  private final AtomicInteger slowDownsSent = new AtomicInteger();
  private volatile Duration delay = Duration.ZERO;
  private volatile ConditionalWrites conditionalWrites = ConditionalWrites.PASS;

  /** What the proxy does with If-None-Match / If-Match on a PUT, to act as a store without them. */
  public enum ConditionalWrites {
    PASS,
    /** Drops the headers: the store then overwrites, as one that ignores them does. */
    IGNORE,
    /** Answers 501 NotImplemented, as a store that refuses them does. */
    REFUSE
  }

  /** @param upstream e.g. {@link S3ProxyServer#endpoint()} */
  public FaultInjectingProxy(String upstream) throws IOException {
    this.upstream = upstream.replaceAll("/+$", "");
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    server.createContext("/", this::handle);
    server.setExecutor(threads);
    server.start();
  }

  public String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The next {@code count} requests get 503 SlowDown, as S3 answers when a prefix is hammered. */
  public void slowDownNext(int count) {
    slowDownsLeft.set(count);
  }

  /** Every request from now on waits this long before it is passed on. */
  public void delay(Duration delay) {
    this.delay = delay;
  }

  public void conditionalWrites(ConditionalWrites mode) {
    this.conditionalWrites = mode;
  }

  /** Requests received, faulty answers included. */
  public int requests() {
    return requests.get();
  }

  public int slowDownsSent() {
    return slowDownsSent.get();
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      requests.incrementAndGet();
      if (slowDownsLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        slowDownsSent.incrementAndGet();
        byte[] body =
            ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>SlowDown</Code>"
                    + "<Message>Please reduce your request rate.</Message>"
                    + "<RequestId>FAULT</RequestId></Error>")
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/xml");
        exchange.sendResponseHeaders(503, body.length);
        exchange.getResponseBody().write(body);
        return;
      }
      if (!delay.isZero()) {
        Thread.sleep(delay.toMillis());
      }
      boolean conditional = exchange.getRequestMethod().equals("PUT")
          && (exchange.getRequestHeaders().containsKey("If-None-Match")
              || exchange.getRequestHeaders().containsKey("If-Match"));
      if (conditional && conditionalWrites == ConditionalWrites.REFUSE) {
        exchange.getRequestBody().readAllBytes();
        byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>NotImplemented</Code>"
                + "<Message>A header you provided implies functionality that is not implemented.</Message>"
                + "<RequestId>FAULT</RequestId></Error>").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/xml");
        exchange.sendResponseHeaders(501, body.length);
        exchange.getResponseBody().write(body);
        return;
      }
      forward(exchange, conditional && conditionalWrites == ConditionalWrites.IGNORE
          ? Set.of("if-none-match", "if-match") : Set.of());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** @param dropped request headers (lower case) not passed on */
  private void forward(HttpExchange exchange, Set<String> dropped) throws IOException, InterruptedException {
    URI target = URI.create(upstream + exchange.getRequestURI().toString());
    byte[] requestBody;
    try (InputStream in = exchange.getRequestBody()) {
      requestBody = in.readAllBytes();
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(target)
            .method(
                exchange.getRequestMethod(),
                requestBody.length == 0
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(requestBody));
    exchange.getRequestHeaders().forEach((name, values) -> {
      String lower = name.toLowerCase(Locale.ROOT);
      if (!HOP_BY_HOP.contains(lower) && !dropped.contains(lower)) {
        values.forEach(v -> request.header(name, v));
      }
    });
    HttpResponse<byte[]> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      exchange.sendResponseHeaders(502, -1);
      return;
    }
    response.headers().map().forEach((name, values) -> {
      String lower = name.toLowerCase(Locale.ROOT);
      if (!HOP_BY_HOP.contains(lower) && !lower.equals(":status")) {
        exchange.getResponseHeaders().put(name, List.copyOf(values));
      }
    });
    byte[] body = response.body();
    boolean noBody = body.length == 0 || exchange.getRequestMethod().equalsIgnoreCase("HEAD");
    exchange.sendResponseHeaders(response.statusCode(), noBody ? -1 : body.length);
    if (!noBody) {
      exchange.getResponseBody().write(body);
    }
  }

  private static java.util.concurrent.ThreadFactory daemon() {
    AtomicInteger number = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, "fault-proxy-" + number.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
