package io.sparkscale.s3;

import io.sparkscale.units.DaemonThreads;
import io.sparkscale.units.LazyResource;

import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.LongSupplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsProfileRegionProvider;
import software.amazon.awssdk.regions.providers.AwsRegionProvider;
import software.amazon.awssdk.regions.providers.AwsRegionProviderChain;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.regions.providers.SystemSettingsRegionProvider;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The S3 clients of one process, one per (endpoint, region, path style), all on one HTTP connection pool
 * and one timer thread pool. A client the SDK builds on its own starts its own scheduler threads, so a
 * client per made-up region once grew a scaler by hundreds of threads; here a client is only a small
 * object over the shared parts, at most {@link #MAX_CLIENTS} are kept, and one unused for
 * {@link #IDLE_AFTER} is closed.
 *
 * <p>Closing a client closes none of the shared parts (the SDK does not close an HTTP client or scheduler
 * it was given), so a listing still running on an evicted client finishes normally.
 */
public final class S3Clients implements AutoCloseable {

  /** More than the AWS regions times two path styles; beyond that, the least recently used goes. */
  static final int MAX_CLIENTS = 32;
  static final Duration IDLE_AFTER = Duration.ofMinutes(10);
  static final Region FALLBACK_REGION = Region.US_EAST_1;
  /** The SDK's timers only schedule and cancel timeouts; two threads keep up with any listing rate. */
  private static final int TIMER_THREADS = 2;
  private static final System.Logger LOG = System.getLogger(S3Clients.class.getName());

  private final S3Settings settings;
  private final AwsCredentialsProvider credentials;
  private final LongSupplier nanoTime;
  /** Built with the first client: an idle `serve` never loads TLS or reads the trust store. */
  private final LazyResource<SdkHttpClient> http;
  private final ScheduledThreadPoolExecutor timers;
  private final Map<Boolean, Region> chainRegions = new ConcurrentHashMap<>();
  // Guarded by itself; access order, so the first entry is the least recently used.
  private final LinkedHashMap<Key, Entry> clients = new LinkedHashMap<>(16, 0.75f, true);
  private int created;

  public S3Clients(S3Settings settings, AwsCredentialsProvider credentials) {
    this(settings, credentials, System::nanoTime);
  }

  S3Clients(S3Settings settings, AwsCredentialsProvider credentials, LongSupplier nanoTime) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.credentials = Objects.requireNonNull(credentials, "credentials");
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    this.http = new LazyResource<>(() ->
        ApacheHttpClient.builder()
            .maxConnections(settings.maxConnections())
            .connectionTimeout(min(settings.apiCallAttemptTimeout(), Duration.ofSeconds(5)))
            .socketTimeout(settings.apiCallAttemptTimeout())
            .build());
    this.timers = new ScheduledThreadPoolExecutor(TIMER_THREADS, DaemonThreads.named("sparkscale-s3-timer-"));
    // Every call schedules a timeout and cancels it when it ends: drop cancelled ones at once.
    timers.setRemoveOnCancelPolicy(true);
  }

  /** The client for this endpoint ("" for AWS), region ("" for the region chain) and addressing. */
  public S3Client get(String endpoint, String region, boolean forcePathStyle) {
    return entry(endpoint, region, forcePathStyle).client;
  }

  /** ListObjectsV2 pages through that client, directly once the SDK has shown a bucket's route. */
  PageRequests pages(String endpoint, String region, boolean forcePathStyle) {
    return entry(endpoint, region, forcePathStyle).pages;
  }

  private Entry entry(String endpoint, String region, boolean forcePathStyle) {
    Key key = new Key(endpoint, region, forcePathStyle);
    List<S3Client> evicted = new ArrayList<>();
    Entry entry;
    synchronized (clients) {
      long now = nanoTime.getAsLong();
      entry = clients.get(key);
      if (entry == null) {
        entry = newEntry(key);
        clients.put(key, entry);
        created++;
      }
      entry.lastUsed = now;
      evict(now, evicted);
    }
    evicted.forEach(S3Client::close);
    return entry;
  }

  /** Clients held now. */
  public int size() {
    synchronized (clients) {
      return clients.size();
    }
  }

  /** Whether the shared HTTP client has been built (by the first S3 client). */
  boolean httpBuilt() {
    return http.built();
  }

  /** Clients built since start, evicted ones included. */
  int created() {
    synchronized (clients) {
      return created;
    }
  }

  @Override
  public void close() {
    List<S3Client> all;
    synchronized (clients) {
      all = clients.values().stream().map(e -> e.client).toList();
      clients.clear();
    }
    all.forEach(S3Client::close);
    http.close();
    timers.shutdownNow();
  }

  /** Closes a credentials provider the caller built for itself (the SDK's default chain holds threads). */
  static void closeOwned(AwsCredentialsProvider credentials) {
    if (credentials instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        LOG.log(Level.DEBUG, "closing the credentials provider failed", e);
      }
    }
  }

  /** Drops clients idle too long, then the least recently used beyond the bound. */
  private void evict(long now, List<S3Client> evicted) {
    Iterator<Entry> entries = clients.values().iterator();
    while (entries.hasNext()) {
      Entry entry = entries.next();
      boolean idle = now - entry.lastUsed > IDLE_AFTER.toNanos();
      if (idle || clients.size() > MAX_CLIENTS) {
        entries.remove();
        evicted.add(entry.client);
      } else {
        break; // access order: every later entry was used more recently
      }
    }
  }

  private Entry newEntry(Key key) {
    ListRoutes routes = new ListRoutes();
    S3Client client = newClient(key, routes);
    return new Entry(client, new PageRequests(client, routes, http.get(), credentials, timers,
        settings.apiCallAttemptTimeout()));
  }

  private S3Client newClient(Key key, ListRoutes routes) {
    var builder =
        S3Client.builder()
            .credentialsProvider(credentials)
            .region(key.region().isEmpty() ? chainRegion(key.endpoint().isEmpty()) : Region.of(key.region()))
            .forcePathStyle(key.forcePathStyle())
            .httpClient(http.get())
            .overrideConfiguration(
                ClientOverrideConfiguration.builder()
                    .scheduledExecutorService(timers)
                    .addExecutionInterceptor(routes)
                    .apiCallTimeout(settings.apiCallTimeout())
                    .apiCallAttemptTimeout(settings.apiCallAttemptTimeout())
                    .retryStrategy(
                        AwsRetryStrategy.standardRetryStrategy().toBuilder()
                            .maxAttempts(settings.maxAttempts())
                            .build())
                    .build());
    if (key.endpoint().isEmpty()) {
      // A bucket in another region than the client's answers 301; follow it instead of failing.
      builder.crossRegionAccessEnabled(true);
    } else {
      builder.endpointOverride(URI.create(key.endpoint()));
    }
    return builder.build();
  }

  /**
   * Looked up once per kind of endpoint: asking instance metadata takes about a second when absent. When
   * no region is configured, us-east-1 is used and logged once: S3-compatible stores accept it, and on AWS
   * cross-region access follows the bucket to its region.
   */
  private Region chainRegion(boolean awsEndpoint) {
    return chainRegions.computeIfAbsent(awsEndpoint, aws -> {
      AwsRegionProvider chain =
          aws
              ? new DefaultAwsRegionProviderChain()
              : new AwsRegionProviderChain(new SystemSettingsRegionProvider(), new AwsProfileRegionProvider());
      try {
        return chain.getRegion();
      } catch (SdkException e) {
        LOG.log(
            Level.WARNING,
            "no AWS region configured (AWS_REGION, profile" + (aws ? " or instance metadata" : "")
                + "); using " + FALLBACK_REGION.id() + " (set the trigger's region or AWS_REGION to choose)");
        return FALLBACK_REGION;
      }
    });
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private record Key(String endpoint, String region, boolean forcePathStyle) {}

  private static final class Entry {
    final S3Client client;
    final PageRequests pages;
    long lastUsed;

    Entry(S3Client client, PageRequests pages) {
      this.client = client;
      this.pages = pages;
    }
  }
}
