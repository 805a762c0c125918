package io.sparkscale.observability;

import io.sparkscale.backlog.BacklogCount;
import io.sparkscale.backlog.BacklogListener;
import io.sparkscale.backlog.CountKey;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;
import org.jboss.logging.Logger;

/**
 * The scaler's metrics, fed by the backlog cache's events and the gRPC interceptor. It also logs what was
 * counted where: at INFO when a prefix's count changes (or first arrives), at DEBUG when it is the same.
 */
public final class ScalerMetrics implements BacklogListener {

  private static final Logger LOG = Logger.getLogger(ScalerMetrics.class);

  /** Listings take from milliseconds (a small prefix) to minutes (millions of keys). */
  private static final double[] COUNT_SECONDS = {0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120};

  /** Keys whose last count is remembered for the change-only INFO log. */
  private static final int MAX_REMEMBERED = 10_000;

  private final MetricsRegistry registry = new MetricsRegistry();
  private final MetricsRegistry.Counter listRequests;
  private final MetricsRegistry.Counter counts;
  private final MetricsRegistry.Counter countErrors;
  private final MetricsRegistry.Counter cacheHits;
  private final MetricsRegistry.Counter staleServed;
  private final MetricsRegistry.Counter grpcRequests;
  private final MetricsRegistry.Histogram countDuration;
  private final Map<CountKey, String> lastLogged = new ConcurrentHashMap<>();

  public ScalerMetrics(String version) {
    registry.info("sparkscale_build_info", "Build of the running sparkscale.", Map.of("version", version));
    listRequests = registry.counter("sparkscale_s3_list_requests_total",
        "ListObjectsV2 requests made by completed counts.");
    counts = registry.counter("sparkscale_counts_total", "Listings that completed.");
    countErrors = registry.counter("sparkscale_count_errors_total", "Listings that failed.");
    countDuration = registry.histogram("sparkscale_count_duration_seconds",
        "Time one listing took, from first request to count.", COUNT_SECONDS);
    cacheHits = registry.counter("sparkscale_cache_hits_total", "Answers served from a fresh cached count.");
    staleServed = registry.counter("sparkscale_stale_served_total",
        "Answers served from a count older than the cache TTL (a refresh was slow or failing).");
    grpcRequests = registry.counter("sparkscale_grpc_requests_total",
        "gRPC calls by method and final status code.", "method", "code");
  }

  /** Gauges read at scrape time, for things owned elsewhere (cache entries, open streams). */
  public void gauge(String name, String help, IntSupplier value) {
    registry.gauge(name, help, value::getAsInt);
  }

  public MetricsRegistry registry() {
    return registry;
  }

  MetricsRegistry.Counter grpcRequests() {
    return grpcRequests;
  }

  public long grpcRequests(String method, String code) {
    return grpcRequests.value(method, code);
  }

  public long listRequests() {
    return listRequests.value();
  }

  @Override
  public void cacheHit(CountKey key) {
    cacheHits.inc();
  }

  @Override
  public void countStarted(CountKey key) {
    LOG.debugf("counting %s", key.describe());
  }

  @Override
  public void counted(CountKey key, BacklogCount count) {
    counts.inc();
    listRequests.add(count.listRequests());
    countDuration.observe(count.took().toNanos() / 1e9);
    String summary = count.objects() + " objects, " + count.bytes() + " bytes"
        + (count.limitReached() ? " (scan limit reached)" : "");
    if (lastLogged.size() > MAX_REMEMBERED) {
      lastLogged.clear(); // the cache drops idle keys; this map has no such hook, so start over
    }
    String previous = lastLogged.put(key, summary);
    String line = String.format("counted %s: %s in %d ms, %d list requests", key.describe(), summary,
        count.took().toMillis(), count.listRequests());
    if (summary.equals(previous)) {
      LOG.debug(line);
    } else {
      LOG.info(line);
    }
  }

  @Override
  public void countFailed(CountKey key, Throwable error) {
    countErrors.inc();
    LOG.warnf("counting %s failed: %s", key.describe(), error.getMessage());
  }

  @Override
  public void staleServed(CountKey key, Duration age) {
    staleServed.inc();
    LOG.debugf("served a %d ms old count of %s", age.toMillis(), key.describe());
  }
}
