package io.sparkscale.grpc;

import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.internal.SocketUtils;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The gRPC server's listening socket, with a bound on the connections open at once: grpc-java has none,
 * and each connection holds a file descriptor and HTTP/2 state. A connection over the bound is closed as
 * soon as it is accepted, before any byte is read; the ones already open (KEDA's) are untouched.
 */
final class BoundedServerChannel extends NioServerSocketChannel {

  /** The count shared by the listening channel and its connections' close listeners. */
  static final class Limit {
    final int max;
    final AtomicInteger open = new AtomicInteger();
    final LongAdder refused = new LongAdder();

    Limit(int max) {
      this.max = max;
    }
  }

  private final Limit limit;

  BoundedServerChannel(Limit limit) {
    this.limit = limit;
  }

  @Override
  protected int doReadMessages(List<Object> buf) throws Exception {
    SocketChannel accepted = SocketUtils.accept(javaChannel());
    if (accepted == null) {
      return 0;
    }
    if (limit.open.incrementAndGet() > limit.max) {
      limit.open.decrementAndGet();
      limit.refused.increment();
      close(accepted);
      return 1; // handled: keep accepting what is queued
    }
    try {
      NioSocketChannel child = new NioSocketChannel(this, accepted);
      child.closeFuture().addListener(closed -> limit.open.decrementAndGet());
      buf.add(child);
      return 1;
    } catch (RuntimeException e) {
      limit.open.decrementAndGet();
      close(accepted);
      throw e;
    }
  }

  private static void close(SocketChannel socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // already gone
    }
  }
}
