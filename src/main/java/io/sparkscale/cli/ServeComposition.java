package io.sparkscale.cli;

import io.netty.handler.ssl.SslContext;
import io.sparkscale.backlog.BacklogCache;
import io.sparkscale.backlog.CacheSettings;
import io.sparkscale.backlog.CountMode;
import io.sparkscale.backlog.SourceRouter;
import io.sparkscale.grpc.ConnectionSettings;
import io.sparkscale.grpc.ExternalScalerService;
import io.sparkscale.grpc.ScalerServer;
import io.sparkscale.grpc.TlsContexts;
import io.sparkscale.listing.TokenBucket;
import io.sparkscale.notifications.NotificationBacklogSource;
import io.sparkscale.observability.GrpcMetricsInterceptor;
import io.sparkscale.observability.HttpEndpoints;
import io.sparkscale.observability.NotificationMetrics;
import io.sparkscale.observability.ScalerMetrics;
import io.sparkscale.s3.ListingSettings;
import io.sparkscale.s3.S3BacklogSource;
import io.sparkscale.s3.S3Settings;
import io.sparkscale.sqs.SqsFeeds;
import io.sparkscale.trigger.ServerDefaults;
import io.sparkscale.trigger.TriggerAdmission;
import io.sparkscale.trigger.TriggerParser;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * What `sparkscale serve` runs, wired from settings {@link ServeCommand} has checked: the tenant policy,
 * the counting sources behind their router, the shared cache, the gRPC service and server, the HTTP
 * endpoints, and the gauges over them. Closing it drains gRPC calls, then closes everything it opened in
 * reverse order.
 */
final class ServeComposition implements AutoCloseable {

  /** Below KEDA's 1 s per call, so its three calls (3 s together on the HPA path) always get an answer. */
  static final Duration ANSWER_WITHIN = Duration.ofMillis(800);
  static final Duration STREAM_CHECK_EVERY = Duration.ofSeconds(1);
  /** Within Kubernetes' default 30 s termination grace period. */
  static final Duration DRAIN = Duration.ofSeconds(10);
  private static final Logger LOG = Logger.getLogger(ServeComposition.class);

  /**
   * Everything `serve` was told, checked.
   *
   * @param listings listings at once (cache workers), and S3 connections to match
   * @param tenantPolicy the policy file, or null to admit every trigger
   */
  record Settings(
      InetSocketAddress grpcAddress,
      InetSocketAddress httpAddress,
      ServerDefaults defaults,
      CacheSettings cache,
      int listRequestsPerSecond,
      int listings,
      int maxNotificationQueues,
      SslContext tls,
      ConnectionSettings grpcLimits,
      Path tenantPolicy) {}

  private final List<AutoCloseable> resources = new ArrayList<>();
  private volatile ScalerServer grpc;
  private HttpEndpoints http;
  private TenantPolicyFile policy;

  private ServeComposition() {}

  /** Starts everything; when a part fails to start, what was started is closed before the error goes on. */
  static ServeComposition start(Settings settings, String version) throws IOException {
    ServeComposition serve = new ServeComposition();
    try {
      serve.wire(settings, version);
      return serve;
    } catch (IOException | RuntimeException e) {
      serve.close();
      throw e;
    }
  }

  private void wire(Settings settings, String version) throws IOException {
    ScalerMetrics metrics = new ScalerMetrics(version);
    policy = settings.tenantPolicy() == null ? null : keep(TenantPolicyFile.start(settings.tenantPolicy(),
        TenantPolicyFile.CHECK_EVERY, tenantPolicyRefused(metrics), Clock.systemUTC()));
    TriggerAdmission admission = policy == null ? TriggerAdmission.EVERYONE : policy.gate();

    // The ways to count, one source each; a key in notification mode that its queue cannot serve right now
    // is counted by listing.
    S3BacklogSource listing = listingSource(settings);
    NotificationBacklogSource notifications = notificationSource(settings, metrics, listing);
    SourceRouter counting = new SourceRouter(List.of(
        SourceRouter.route(CountMode.NOTIFICATIONS, notifications).fallingBackTo(CountMode.LISTING),
        SourceRouter.route(CountMode.LISTING, listing)));
    BacklogCache cache = keep(new BacklogCache(counting, settings.cache(), Clock.systemUTC(), metrics,
        settings.listings()));
    ExternalScalerService service = keep(new ExternalScalerService(new TriggerParser(settings.defaults(),
        admission), cache, STREAM_CHECK_EVERY, settings.cache().maxStaleness()));
    cacheGauges(metrics, cache, service);

    http = keep(HttpEndpoints.start(settings.httpAddress(), metrics.registry(),
        () -> grpc != null && grpc.ready(), () -> readyDetail(notifications)));
    grpc = ScalerServer.start(settings.grpcAddress(), service, settings.tls(), settings.grpcLimits(),
        new GrpcMetricsInterceptor(metrics));
    ScalerServer server = grpc;
    metrics.gauge("sparkscale_grpc_connections_open", "gRPC connections open now.", server::openConnections);
    metrics.registry().gauge("sparkscale_grpc_connections_refused_total",
        "gRPC connections closed when accepted because --grpc-max-connections were open.",
        server::refusedConnections);
  }

  /**
   * Listing mode: every ListObjectsV2 request takes a permit from one token bucket (a tenth of a second's
   * worth may go at once after a quiet spell); one connection per listing worker, plus the shard pool a big
   * prefix's listing fans out on.
   */
  private S3BacklogSource listingSource(Settings settings) {
    int perSecond = settings.listRequestsPerSecond();
    TokenBucket budget = new TokenBucket(perSecond, Math.max(1, perSecond / 10));
    int connections = settings.listings() + 2 * ListingSettings.defaults().maxShards();
    // A prefix listed within the cache period page after page is not split (ShardPlanner).
    return keep(new S3BacklogSource(S3Settings.defaults().withCapacity(connections, budget), null,
        ListingSettings.defaults().listingWithin(settings.cache().ttl())));
  }

  /**
   * Notification mode (issue 12): a count from events is as old as its queue's last receive, so receives
   * are timed to the staleness budget; a queue's foreign messages are deleted only when the tenant policy
   * grants the queue; seeding and reconciling list through the listing source's S3 clients and budget.
   */
  private NotificationBacklogSource notificationSource(
      Settings settings, ScalerMetrics metrics, S3BacklogSource listing) {
    Duration staleness = settings.cache().maxStaleness();
    NotificationMetrics listener = new NotificationMetrics(metrics.registry());
    Predicate<String> granted = policy == null ? url -> false : policy.gate()::grantsQueue;
    SqsFeeds feeds = keep(new SqsFeeds(settings.defaults().region(), null, listener, staleness,
        settings.maxNotificationQueues(), granted));
    NotificationBacklogSource source = keep(new NotificationBacklogSource(listing::listAll, feeds,
        listener, Clock.systemUTC(), NotificationBacklogSource.DEFAULT_CONSUMER_IDLE,
        settings.maxNotificationQueues(), staleness));
    listener.observe(source);
    return source;
  }

  private void cacheGauges(ScalerMetrics metrics, BacklogCache cache, ExternalScalerService service) {
    metrics.gauge("sparkscale_cache_entries", "Count keys held by the cache.", cache::size);
    metrics.gauge("sparkscale_streams_open", "Open StreamIsActive calls.", service::openStreams);
    metrics.gauge("sparkscale_spec_streams_open", "Open StreamMetricSpec calls.", service::openSpecStreams);
    metrics.gauge("sparkscale_listings_queued", "Keys due for a listing, waiting for a worker.",
        cache::queuedListings);
    metrics.gauge("sparkscale_listings_running", "Listing workers busy now.", cache::runningListings);
    metrics.gaugeSeconds("sparkscale_oldest_count_age_seconds",
        "Age of the oldest count among keys asked for within max staleness: what a caller may get at worst.",
        cache::oldestCountAge);
    if (policy != null) {
      TenantPolicyFile file = policy;
      metrics.gauge("sparkscale_tenant_policy_namespaces", "Namespaces in the tenant policy in force.",
          () -> file.gate().policy().namespaces().size());
    }
  }

  /** The gRPC and HTTP ports bound. */
  int[] ports() {
    return new int[] {grpc.port(), http.port()};
  }

  /** "; tenant policy ..." for the start line, or "" without a policy. */
  String policyInForce() {
    return policy == null ? "" : "; " + policy.gate().describe();
  }

  /** Graceful: stop taking calls, end streams, drain unary calls, then close the cache, sources and clients. */
  @Override
  public synchronized void close() {
    if (grpc != null) {
      LOG.info("shutting down: draining calls");
      grpc.shutdown(DRAIN);
    }
    for (int i = resources.size() - 1; i >= 0; i--) {
      try {
        resources.get(i).close();
      } catch (Exception e) {
        LOG.debugf(e, "closing %s failed", resources.get(i));
      }
    }
    resources.clear();
  }

  /** Counts refused reloads; created before the file is first read so the metric exists from the start. */
  private static Runnable tenantPolicyRefused(ScalerMetrics metrics) {
    var failures = metrics.registry().counter("sparkscale_tenant_policy_reload_failures_total",
        "New versions of the tenant policy file that were refused (the previous policy stayed in force).");
    return failures::inc;
  }

  /**
   * /readyz's body after its first line: the tenant policy in force, then counting problems as warnings,
   * counted by reason. Anyone who reaches the HTTP port reads it, so it names no bucket, prefix or queue
   * (the log does, at a rate limit).
   */
  private String readyDetail(NotificationBacklogSource notifications) {
    StringBuilder detail = new StringBuilder(policy == null ? "" : policy.gate().describe());
    for (String problem : notifications.readiness()) {
      detail.append(detail.length() == 0 ? "" : "\n").append("warning: ").append(problem);
    }
    return detail.toString();
  }

  private <T extends AutoCloseable> T keep(T resource) {
    resources.add(resource);
    return resource;
  }
}
