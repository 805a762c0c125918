package io.sparkscale.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.sparkscale.listing.KeyOrder;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A minimal S3 that only answers ListObjectsV2 (path style; prefix, start-after, continuation token,
 * delimiter), from sorted maps in memory, in S3's UTF-8 key order. A page costs time in proportion to the page, as on S3, where s3proxy's filesystem backend
 * reads the whole prefix for every page (several seconds a page at 100,000 keys here), which would make
 * 100,000-key benchmarks measure s3proxy and nothing else.
 */
public final class MemoryS3 implements AutoCloseable {

  private record Obj(long size, String lastModified) {}

  private final Map<String, NavigableMap<String, Obj>> buckets = new ConcurrentHashMap<>();
  private final HttpServer server;
  private final ExecutorService threads;
  private final AtomicLong requests = new AtomicLong();

  public MemoryS3() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
    threads = Executors.newFixedThreadPool(16, r -> {
      Thread thread = new Thread(r, "memory-s3");
      thread.setDaemon(true);
      return thread;
    });
    server.setExecutor(threads);
    server.createContext("/", this::handle);
    server.start();
  }

  public String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public void put(String bucket, String key, long size, Instant lastModified) {
    buckets.computeIfAbsent(bucket, b -> new ConcurrentSkipListMap<>(KeyOrder.UTF8))
        .put(key, new Obj(size, lastModified.toString()));
  }

  public long requests() {
    return requests.get();
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      requests.incrementAndGet();
      String path = exchange.getRequestURI().getRawPath();
      String bucket = URLDecoder.decode(path.replaceAll("^/+|/+$", ""), StandardCharsets.UTF_8);
      Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
      NavigableMap<String, Obj> objects = buckets.get(bucket);
      if (!"GET".equals(exchange.getRequestMethod()) || !"2".equals(query.get("list-type"))
          || bucket.contains("/")) {
        send(exchange, 501, error("NotImplemented", "only ListObjectsV2"));
        return;
      }
      if (objects == null) {
        send(exchange, 404, error("NoSuchBucket", "The specified bucket does not exist"));
        return;
      }
      send(exchange, 200, list(bucket, objects, query));
    }
  }

  private static String list(String bucket, NavigableMap<String, Obj> objects, Map<String, String> query) {
    String prefix = query.getOrDefault("prefix", "");
    String startAfter = query.get("start-after");
    String token = query.get("continuation-token");
    int maxKeys = Math.min(1000, Integer.parseInt(query.getOrDefault("max-keys", "1000")));
    String delimiter = query.getOrDefault("delimiter", "");
    String after = token != null
        ? new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8)
        : startAfter;
    // Keys after start-after (or the token's last key), and never before the prefix.
    boolean fromAfter = after != null && KeyOrder.compare(after, prefix) >= 0;
    NavigableMap<String, Obj> from = objects.tailMap(fromAfter ? after : prefix, !fromAfter);
    StringBuilder contents = new StringBuilder(maxKeys * 200);
    StringBuilder prefixes = new StringBuilder();
    int count = 0;
    String last = null;
    boolean truncated = false;
    Iterator<Map.Entry<String, Obj>> it = from.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<String, Obj> e = it.next();
      if (!e.getKey().startsWith(prefix)) {
        break;
      }
      int cut = delimiter.isEmpty() ? -1 : e.getKey().indexOf(delimiter, prefix.length());
      String common = cut < 0 ? null : e.getKey().substring(0, cut + delimiter.length());
      if (common != null && (common.equals(last) || (after != null && after.startsWith(common)))) {
        continue; // rolled up into a common prefix already returned
      }
      if (count == maxKeys) {
        truncated = true;
        break;
      }
      if (common != null) {
        prefixes.append("<CommonPrefixes><Prefix>").append(xml(common)).append("</Prefix></CommonPrefixes>");
        last = common;
        count++;
        continue;
      }
      contents.append("<Contents><Key>").append(xml(e.getKey())).append("</Key><LastModified>")
          .append(e.getValue().lastModified()).append("</LastModified><ETag>&quot;0&quot;</ETag><Size>")
          .append(e.getValue().size()).append("</Size><StorageClass>STANDARD</StorageClass></Contents>");
      last = e.getKey();
      count++;
    }
    StringBuilder body = new StringBuilder(contents.length() + 600);
    body.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .append("<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>")
        .append(xml(bucket)).append("</Name><Prefix>").append(xml(prefix)).append("</Prefix><KeyCount>")
        .append(count).append("</KeyCount><MaxKeys>").append(maxKeys).append("</MaxKeys><IsTruncated>")
        .append(truncated).append("</IsTruncated>");
    if (token != null) {
      body.append("<ContinuationToken>").append(xml(token)).append("</ContinuationToken>");
    }
    if (truncated) {
      body.append("<NextContinuationToken>")
          .append(Base64.getUrlEncoder().withoutPadding().encodeToString(last.getBytes(StandardCharsets.UTF_8)))
          .append("</NextContinuationToken>");
    }
    if (!delimiter.isEmpty()) {
      body.append("<Delimiter>").append(xml(delimiter)).append("</Delimiter>");
    }
    return body.append(contents).append(prefixes).append("</ListBucketResult>").toString();
  }

  private static String error(String code, String message) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>" + message
        + "</Message></Error>";
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/xml");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> params = new HashMap<>();
    if (raw == null) {
      return params;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      params.put(name, value);
    }
    return params;
  }

  private static String xml(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
