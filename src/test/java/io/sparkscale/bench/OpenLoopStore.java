package io.sparkscale.bench;

import io.sparkscale.s3.S3ProxyServer;
import java.io.IOException;
import java.time.Instant;

/**
 * The store both contenders of an open-loop case count in: s3proxy, as issue 18 measured them (default),
 * or the in-memory {@link MemoryS3} with {@code -Dbench.open.store=memory}, whose own work is small enough
 * not to take the cores from the scalers. s3proxy is seeded through its filesystem backend (files).
 */
final class OpenLoopStore implements Fleet.Seeder, AutoCloseable {

  private final S3ProxyServer s3proxy;
  private final MemoryS3 memory;

  private OpenLoopStore(S3ProxyServer s3proxy, MemoryS3 memory) {
    this.s3proxy = s3proxy;
    this.memory = memory;
  }

  /** "s3proxy" or "memory", from -Dbench.open.store. */
  static String kind() {
    return System.getProperty("bench.open.store", "s3proxy").trim();
  }

  static OpenLoopStore open() throws IOException {
    String kind = kind();
    return switch (kind) {
      case "s3proxy" -> new OpenLoopStore(S3ProxyServer.start(), null);
      case "memory" -> new OpenLoopStore(null, new MemoryS3());
      default -> throw new IllegalArgumentException(
          "bench.open.store must be s3proxy or memory, got \"" + kind + "\"");
    };
  }

  String name() {
    return s3proxy != null ? "s3proxy" : "memory-s3";
  }

  String endpoint() {
    return s3proxy != null ? s3proxy.endpoint() : memory.endpoint();
  }

  @Override
  public void put(String bucket, String key, long size, Instant lastModified) {
    if (s3proxy != null) {
      s3proxy.put(bucket, key, new byte[(int) size], lastModified);
    } else {
      memory.put(bucket, key, size, lastModified);
    }
  }

  @Override
  public void close() throws Exception {
    try (S3ProxyServer a = s3proxy; MemoryS3 b = memory) {
      // both closed, whichever is set
    }
  }
}
