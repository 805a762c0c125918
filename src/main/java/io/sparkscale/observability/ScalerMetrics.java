package io.sparkscale.observability;

import io.sparkscale.backlog.BacklogCount;
import io.sparkscale.backlog.BacklogListener;
import io.sparkscale.backlog.CountKey;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The scaler's metrics, fed by the backlog cache's events and the gRPC interceptor. It also logs what was
 * counted where: at INFO when a prefix's count changes (or first arrives), at DEBUG when it is the same.
 */
public final class ScalerMetrics implements BacklogListener {

  private static final Logger LOG = Logger.getLogger(ScalerMetrics.class);

  /** Listings take from milliseconds (a small prefix) to minutes (millions of keys). */
  private static final double[] COUNT_SECONDS = {0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120};

  /** Ages of the counts callers are answered with: fresh ones are below the ttl, stale ones above. */
  private static final double[] AGE_SECONDS = {1, 2.5, 5, 10, 15, 20, 30, 45, 60, 90, 120, 300};

  /** A served count this close to max staleness means listings are not keeping up: warn. */
  private static final double NEAR_MAX_STALENESS = 0.75;

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
  private final MetricsRegistry.Histogram servedAge;
  private final LogLimiter failureLogs;
  private final LogLimiter stalenessLogs;
  private final Map<CountKey, String> lastLogged = new ConcurrentHashMap<>();

  public ScalerMetrics(String version) {
    this(version, System::nanoTime);
  }

  /** @param nanoTime the clock of the log rate limits (tests move it by hand) */
  ScalerMetrics(String version, LongSupplier nanoTime) {
    failureLogs = new LogLimiter(Duration.ofMinutes(1), nanoTime);
    stalenessLogs = new LogLimiter(Duration.ofMinutes(1), nanoTime);
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
    servedAge = registry.histogram("sparkscale_served_count_age_seconds",
        "Age of the counts callers were answered with, from when their listing started.", AGE_SECONDS);
    grpcRequests = registry.counter("sparkscale_grpc_requests_total",
        "gRPC calls by method and final status code.", "method", "code");
  }

  /** Gauges read at scrape time, for things owned elsewhere (cache entries, open streams). */
  public void gauge(String name, String help, IntSupplier value) {
    registry.gauge(name, help, value::getAsInt);
  }

  /** A duration read at scrape time, written in seconds. */
  public void gaugeSeconds(String name, String help, Supplier<Duration> value) {
    registry.gauge(name, help, () -> value.get().toMillis() / 1e3);
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
    // Every listing passes here: build the line only when it is written.
    if (LOG.isDebugEnabled()) {
      LOG.debugf("counting %s", key.describe());
    }
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
    boolean changed = !summary.equals(previous);
    if (!changed && !LOG.isDebugEnabled()) {
      return; // the usual case at INFO: an unchanged count, and no line to format
    }
    String line = String.format("counted %s: %s in %d ms, %d list requests", key.describe(), summary,
        count.took().toMillis(), count.listRequests());
    if (changed) {
      LOG.info(line);
    } else {
      LOG.debug(line);
    }
  }

  /** One line per key per minute; the next line says how many failures were not logged. */
  @Override
  public void countFailed(CountKey key, Throwable error) {
    countErrors.inc();
    long held = failureLogs.admit(key);
    if (held < 0) {
      LOG.debugf("counting %s failed: %s", key.describe(), error.getMessage());
    } else {
      LOG.warnf("counting %s failed: %s%s", key.describe(), error.getMessage(), heldBack(held, "failure"));
    }
  }

  @Override
  public void served(CountKey key, Duration age, Duration maxStaleness) {
    servedAge.observe(age.toMillis() / 1e3);
    if (age.toMillis() < NEAR_MAX_STALENESS * maxStaleness.toMillis()) {
      return;
    }
    // One line a minute for the whole server: the cause (too small a budget) is shared by all keys.
    long held = stalenessLogs.admit(ScalerMetrics.class);
    if (held >= 0) {
      LOG.warnf("counts are falling behind: served a %d s old count of %s (max staleness %d s; past it calls"
              + " get UNAVAILABLE); raise --max-list-requests-per-second or --cache-ttl%s",
          age.toSeconds(), key.describe(), maxStaleness.toSeconds(), heldBack(held, "such warning"));
    }
  }

  private static String heldBack(long held, String what) {
    return held == 0 ? "" : " (" + held + " more " + what + (held == 1 ? "" : "s") + " in the last minute not logged)";
  }

  @Override
  public void staleServed(CountKey key, Duration age) {
    staleServed.inc();
    if (LOG.isDebugEnabled()) { // on the call path: most answers between KEDA's polls are stale ones
      LOG.debugf("served a %d ms old count of %s", age.toMillis(), key.describe());
    }
  }
}
