package io.sparkscale.observability;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.concurrent.ScheduledFuture;
import io.sparkscale.units.DaemonThreads;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The scaler's plain-HTTP side for kubelet probes and Prometheus: GET /livez, /readyz (200 once the gRPC
 * server is bound, with a line on the tenant policy in force) and /metrics.
 *
 * <p>Netty, non-blocking: a client that sends half a request holds a connection, never a thread, so it
 * cannot keep /livez from anyone else (with the JDK's server on one thread it held all probes for two
 * minutes). Each connection gets one request and must send it whole within {@link #REQUEST_DEADLINE}, and
 * at most {@link #MAX_CONNECTIONS} are open at once.
 */
public final class HttpEndpoints implements AutoCloseable {

  static final Duration REQUEST_DEADLINE = Duration.ofSeconds(10);
  static final int MAX_CONNECTIONS = 256;
  private static final int WORKER_THREADS = 2;
  private static final int MAX_REQUEST_LINE = 4096;
  private static final int MAX_HEADERS = 8192;
  private static final int MAX_BODY = 1024;
  private static final String TEXT = "text/plain; charset=utf-8";

  private final EventLoopGroup acceptor;
  private final EventLoopGroup workers;
  private final Channel server;

  private HttpEndpoints(EventLoopGroup acceptor, EventLoopGroup workers, Channel server) {
    this.acceptor = acceptor;
    this.workers = workers;
    this.server = server;
  }

  /** Binds and starts serving; port 0 picks a free port. */
  public static HttpEndpoints start(
      InetSocketAddress address, MetricsRegistry registry, BooleanSupplier ready) throws IOException {
    return start(address, registry, ready, () -> "", REQUEST_DEADLINE);
  }

  /** @param readyDetail more lines for /readyz's body (what policy is in force); "" for none */
  public static HttpEndpoints start(InetSocketAddress address, MetricsRegistry registry, BooleanSupplier ready,
      Supplier<String> readyDetail) throws IOException {
    return start(address, registry, ready, readyDetail, REQUEST_DEADLINE);
  }

  static HttpEndpoints start(InetSocketAddress address, MetricsRegistry registry, BooleanSupplier ready,
      Supplier<String> readyDetail, Duration deadline) throws IOException {
    EventLoopGroup acceptor = new NioEventLoopGroup(1, DaemonThreads.named("sparkscale-http-accept-"));
    EventLoopGroup workers =
        new NioEventLoopGroup(WORKER_THREADS, DaemonThreads.named("sparkscale-http-"));
    AtomicInteger open = new AtomicInteger();
    Routes routes = new Routes(registry, ready, readyDetail);
    ServerBootstrap bootstrap = new ServerBootstrap()
        .group(acceptor, workers)
        .channel(NioServerSocketChannel.class)
        .option(ChannelOption.SO_BACKLOG, 64)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel channel) {
            if (open.incrementAndGet() > MAX_CONNECTIONS) {
              open.decrementAndGet();
              channel.close();
              return;
            }
            channel.closeFuture().addListener(f -> open.decrementAndGet());
            ScheduledFuture<?> timeout =
                channel.eventLoop().schedule(() -> channel.close(), deadline.toMillis(), TimeUnit.MILLISECONDS);
            channel.closeFuture().addListener(f -> timeout.cancel(false));
            channel.pipeline()
                .addLast(new HttpServerCodec(MAX_REQUEST_LINE, MAX_HEADERS, MAX_HEADERS))
                .addLast(new HttpObjectAggregator(MAX_BODY))
                .addLast(routes.handler());
          }
        });
    try {
      Channel server = bootstrap.bind(address).sync().channel();
      return new HttpEndpoints(acceptor, workers, server);
    } catch (Exception e) {
      acceptor.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      throw new IOException("cannot listen on " + address + " (HTTP): " + e.getMessage(), e);
    }
  }

  public int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  @Override
  public void close() {
    server.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
    acceptor.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(2, TimeUnit.SECONDS);
  }

  /** The three paths; answers are computed on the event loop (a scrape is an in-memory string). */
  private record Routes(MetricsRegistry registry, BooleanSupplier ready, Supplier<String> readyDetail) {

    SimpleChannelInboundHandler<FullHttpRequest> handler() {
      return new SimpleChannelInboundHandler<>() {
        @Override
        protected void channelRead0(ChannelHandlerContext context, FullHttpRequest request) {
          context.writeAndFlush(answer(request)).addListener(ChannelFutureListener.CLOSE);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
          context.close();
        }
      };
    }

    FullHttpResponse answer(FullHttpRequest request) {
      if (!request.decoderResult().isSuccess()) {
        return response(HttpResponseStatus.BAD_REQUEST, TEXT, "bad request\n", false);
      }
      HttpMethod method = request.method();
      boolean head = method.equals(HttpMethod.HEAD);
      String path = new QueryStringDecoder(request.uri()).path();
      if (!path.equals("/livez") && !path.equals("/readyz") && !path.equals("/metrics")) {
        return response(HttpResponseStatus.NOT_FOUND, TEXT, "not found\n", false);
      }
      if (!head && !method.equals(HttpMethod.GET)) {
        FullHttpResponse refused = response(HttpResponseStatus.METHOD_NOT_ALLOWED, TEXT, "method not allowed\n", false);
        refused.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
        return refused;
      }
      return switch (path) {
        case "/livez" -> response(HttpResponseStatus.OK, TEXT, "ok\n", head);
        case "/readyz" -> {
          boolean isReady = ready.getAsBoolean();
          String detail = readyDetail.get();
          String body = (isReady ? "ok\n" : "not ready\n") + (detail.isEmpty() ? "" : detail + "\n");
          yield response(isReady ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE, TEXT, body, head);
        }
        default -> response(HttpResponseStatus.OK, MetricsRegistry.CONTENT_TYPE, registry.scrape(), head);
      };
    }

    private static FullHttpResponse response(HttpResponseStatus status, String type, String body, boolean head) {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      FullHttpResponse response = new DefaultFullHttpResponse(
          HttpVersion.HTTP_1_1, status, head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(bytes));
      response.headers()
          .set(HttpHeaderNames.CONTENT_TYPE, type)
          .setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length)
          .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      return response;
    }
  }
}
