package io.sparkscale.cli;

import io.netty.handler.ssl.SslContext;
import io.sparkscale.backlog.BacklogCache;
import io.sparkscale.backlog.CacheSettings;
import io.sparkscale.listing.TokenBucket;
import io.sparkscale.grpc.ConnectionSettings;
import io.sparkscale.grpc.ExternalScalerService;
import io.sparkscale.grpc.ScalerServer;
import io.sparkscale.grpc.TlsContexts;
import io.sparkscale.observability.GrpcMetricsInterceptor;
import io.sparkscale.notifications.NotificationBacklogSource;
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
import io.sparkscale.units.Durations;
import io.sparkscale.units.InvalidInputException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Predicate;
import org.jboss.logging.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `sparkscale serve`: wires the S3 counter, the shared cache and the gRPC and HTTP servers, then waits. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Run the KEDA external scaler: counts pending S3 objects or bytes per trigger, cached and shared.",
      "S3 credentials and region come from the pod's identity (AWS SDK default chain)."
    })
public class ServeCommand implements Callable<Integer> {

  private static final Logger LOG = Logger.getLogger(ServeCommand.class);
  /** Below KEDA's 1 s per call, so its three calls (3 s together on the HPA path) always get an answer. */
  static final Duration ANSWER_WITHIN = Duration.ofMillis(800);
  static final Duration STREAM_CHECK_EVERY = Duration.ofSeconds(1);
  /** Within Kubernetes' default 30 s termination grace period. */
  static final Duration DRAIN = Duration.ofSeconds(10);
  /** Far above S3's 5,500 per second per prefix partition: a typo, not a setting. */
  static final int MAX_REQUESTS_PER_SECOND = 100_000;
  /** Each listing holds a thread and a connection while it runs. */
  static final int MAX_CONCURRENT_LISTINGS = 1024;

  /** Past this a replica would hold more long polls than one pod's file descriptors and SQS bill suit. */
  static final int MAX_NOTIFICATION_QUEUES = 10_000;

  @Spec CommandSpec spec;
  @Mixin VerboseOption verbose;
  @Mixin GrpcConnectionOptions grpcConnections;

  // Defaults stay clear of the keda-operator's own 8080 (metrics) and 8081 (health): sidecar-friendly.
  @Option(names = "--port", defaultValue = "9090", description = "gRPC port (default ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--http-port", defaultValue = "9091",
      description = "HTTP port for /livez, /readyz, /metrics (default ${DEFAULT-VALUE}).")
  int httpPort;

  @Option(names = "--bind-address", defaultValue = "0.0.0.0", paramLabel = "ADDRESS",
      description = "Address both servers listen on (default ${DEFAULT-VALUE}; 127.0.0.1 as a sidecar).")
  String bindAddress;

  @Option(names = "--s3-endpoint", paramLabel = "URL",
      description = "S3-compatible store (MinIO, Ceph, R2) instead of AWS; path-style addressing.")
  String s3Endpoint;

  @Option(names = "--allow-endpoint", paramLabel = "URL",
      description = "An endpoint a trigger's `endpoint` key may name; repeatable.")
  List<String> allowedEndpoints = new ArrayList<>();

  // Notification mode (issue 12).
  @Option(names = "--sqs-endpoint", paramLabel = "URL",
      description = "SQS-compatible server (ElasticMQ, LocalStack) a trigger's notificationQueueURL may"
          + " name, besides AWS's own SQS hosts.")
  String sqsEndpoint;

  @Option(names = "--max-notification-queues", paramLabel = "N",
      defaultValue = "" + NotificationBacklogSource.DEFAULT_MAX_QUEUES,
      description = "Queues consumed at most at once; triggers naming further queues count by listing, with a"
          + " /readyz warning (default ${DEFAULT-VALUE}).")
  int maxNotificationQueues;

  @Option(names = "--region", description = "Default region (else the SDK chain: AWS_REGION, profile, IMDS).")
  String region;

  @Option(names = "--force-path-style", arity = "1", paramLabel = "true|false",
      description = "Path-style addressing by default (default: true with --s3-endpoint, else false).")
  Boolean forcePathStyle;

  @Option(names = "--cache-ttl", defaultValue = "10s", description = "Reuse a count this long (default ${DEFAULT-VALUE}).")
  String cacheTtl;

  @Option(names = "--max-staleness", defaultValue = "60s",
      description = "Serve an older count up to this age while a refresh is slow or failing (default ${DEFAULT-VALUE}).")
  String maxStaleness;

  @Option(names = "--max-list-requests-per-second", defaultValue = "400", paramLabel = "N",
      description = "ListObjectsV2 requests per second across all triggers (default ${DEFAULT-VALUE}); "
          + "when more are due, the oldest counts are refreshed first.")
  int maxListRequestsPerSecond;

  @Option(names = "--max-concurrent-listings", paramLabel = "N",
      description = "Listings at once, and HTTP connections to match (default: a quarter of "
          + "--max-list-requests-per-second, 16 to 256).")
  Integer maxConcurrentListings;

  @Option(names = "--tls-cert", paramLabel = "FILE", description = "Server certificate chain, PEM.")
  Path tlsCert;

  @Option(names = "--tls-key", paramLabel = "FILE", description = "Server private key, PEM (PKCS#8 or PKCS#1).")
  Path tlsKey;

  @Option(names = "--tls-client-ca", paramLabel = "FILE",
      description = "Require client certificates signed by this PEM CA (mTLS).")
  Path tlsClientCa;

  @Option(names = "--tenant-policy", paramLabel = "FILE",
      description = "YAML map of namespace to the s3:// buckets/prefixes it may count; re-read when it changes.")
  Path tenantPolicy;

  private final CountDownLatch stopped = new CountDownLatch(1);
  private final List<AutoCloseable> resources = new ArrayList<>();
  private volatile ScalerServer grpc;
  private volatile HttpEndpoints http;
  /** Set once the start line is printed, so tests that wait for the ports also see the line. */
  private volatile boolean announced;

  @Override
  public Integer call() throws IOException, InterruptedException {
    // Everything the user gave is checked before anything is bound.
    checkPort("--port", port);
    checkPort("--http-port", httpPort);
    if (port != 0 && port == httpPort) {
      throw new InvalidInputException("--http-port: '" + httpPort + "' is the gRPC port too; use another port");
    }
    Duration ttl = Durations.parsePositive("--cache-ttl", cacheTtl);
    Duration staleness = Durations.parse("--max-staleness", maxStaleness);
    if (staleness.compareTo(ttl) < 0) {
      throw InvalidInputException.badValue("--max-staleness", maxStaleness,
          "use a duration at least --cache-ttl (" + cacheTtl + ")");
    }
    checkRange("--max-list-requests-per-second", maxListRequestsPerSecond, MAX_REQUESTS_PER_SECOND);
    int listings = maxConcurrentListings != null
        ? maxConcurrentListings
        : Math.max(16, Math.min(256, maxListRequestsPerSecond / 4));
    if (maxConcurrentListings != null) {
      checkRange("--max-concurrent-listings", maxConcurrentListings, MAX_CONCURRENT_LISTINGS);
    }
    checkRange("--max-notification-queues", maxNotificationQueues, MAX_NOTIFICATION_QUEUES);
    ConnectionSettings connections = grpcConnections.settings();
    TlsContexts.ServerFiles tlsFiles = new TlsContexts.ServerFiles(tlsCert, tlsKey, tlsClientCa);
    SslContext tls = TlsContexts.server(tlsFiles);
    String endpoint = s3Endpoint == null ? "" : s3Endpoint;
    ServerDefaults defaults = new ServerDefaults(endpoint, region,
        forcePathStyle != null ? forcePathStyle : !endpoint.isBlank(), allowedEndpoints)
        .withSqsEndpoint(sqsEndpoint);
    CacheSettings cacheSettings = new CacheSettings(ttl, staleness, ANSWER_WITHIN);
    ScalerMetrics metrics = new ScalerMetrics(version());
    TenantPolicyFile policy = tenantPolicy == null ? null : keep(TenantPolicyFile.start(tenantPolicy,
        TenantPolicyFile.CHECK_EVERY, tenantPolicyRefused(metrics), Clock.systemUTC()));

    Thread hook = new Thread(this::stop, "sparkscale-shutdown");
    try {
      start(defaults, cacheSettings, listings, tls, tlsFiles, connections, metrics, policy);
      Runtime.getRuntime().addShutdownHook(hook); // SIGTERM from the kubelet
      stopped.await();
    } finally {
      stop();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // already shutting down: the hook is running
      }
    }
    return 0;
  }

  private void start(ServerDefaults defaults, CacheSettings cacheSettings, int listings, SslContext tls,
      TlsContexts.ServerFiles tlsFiles, ConnectionSettings grpcLimits, ScalerMetrics metrics,
      TenantPolicyFile policy) throws IOException {
    TriggerAdmission admission = policy == null ? TriggerAdmission.EVERYONE : policy.gate();
    // A tenth of a second's worth may go at once after a quiet spell; the rate holds beyond that.
    TokenBucket budget = new TokenBucket(maxListRequestsPerSecond, Math.max(1, maxListRequestsPerSecond / 10));
    // One connection per listing worker, plus the shard pool a big prefix's listing fans out on.
    int connections = listings + 2 * ListingSettings.defaults().maxShards();
    S3BacklogSource s3 = keep(new S3BacklogSource(S3Settings.defaults().withCapacity(connections, budget)));
    NotificationBacklogSource counting = notificationMode(s3, metrics, defaults, cacheSettings.maxStaleness(), policy);
    BacklogCache cache = keep(new BacklogCache(counting, cacheSettings, Clock.systemUTC(), metrics, listings));
    ExternalScalerService service = keep(new ExternalScalerService(
        new TriggerParser(defaults, admission), cache, STREAM_CHECK_EVERY, cacheSettings.maxStaleness()));
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
      metrics.gauge("sparkscale_tenant_policy_namespaces", "Namespaces in the tenant policy in force.",
          () -> policy.gate().policy().namespaces().size());
    }
    http = keep(HttpEndpoints.start(new InetSocketAddress(bindAddress, httpPort), metrics.registry(),
        () -> grpc != null && grpc.ready(), () -> readyDetail(policy, counting)));
    grpc = ScalerServer.start(new InetSocketAddress(bindAddress, port), service, tls, grpcLimits,
        new GrpcMetricsInterceptor(metrics));
    ScalerServer server = grpc;
    metrics.gauge("sparkscale_grpc_connections_open", "gRPC connections open now.", server::openConnections);
    metrics.registry().gauge("sparkscale_grpc_connections_refused_total",
        "gRPC connections closed when accepted because --grpc-max-connections were open.",
        server::refusedConnections);

    String security = !tlsFiles.enabled() ? "plaintext" : tlsFiles.mutual() ? "mTLS" : "TLS";
    String where = defaults.endpoint().isEmpty() ? "AWS S3" : defaults.endpoint();
    spec.commandLine().getErr().printf(
        "sparkscale serve: gRPC on %s:%d (%s), HTTP on %s:%d; counting at %s%s, cache ttl %s, max staleness %s,"
            + " up to %d list requests/s and %d listings at once%s%n",
        bindAddress, grpc.port(), security, bindAddress, http.port(), where,
        defaults.region().isEmpty() ? "" : " (" + defaults.region() + ")",
        Durations.format(cacheSettings.ttl()), Durations.format(cacheSettings.maxStaleness()),
        maxListRequestsPerSecond, listings, policy == null ? "" : "; " + policy.gate().describe());
    spec.commandLine().getErr().flush();
    announced = true;
  }

  /**
   * Notification mode (issue 12): keys with a notificationQueueURL are kept from SQS events, others listed.
   * A count from events is as old as its queue's last receive, so receives are timed to the staleness
   * budget; a queue's foreign messages are deleted only when the tenant policy grants the queue.
   */
  private NotificationBacklogSource notificationMode(S3BacklogSource s3, ScalerMetrics metrics,
      ServerDefaults defaults, Duration staleness, TenantPolicyFile policy) {
    NotificationMetrics listener = new NotificationMetrics(metrics.registry());
    Predicate<String> granted = policy == null ? url -> false : policy.gate()::grantsQueue;
    SqsFeeds feeds = keep(new SqsFeeds(defaults.region(), null, listener, staleness, maxNotificationQueues, granted));
    NotificationBacklogSource source = keep(new NotificationBacklogSource(s3, s3::listAll, feeds, listener,
        Clock.systemUTC(), NotificationBacklogSource.DEFAULT_CONSUMER_IDLE, maxNotificationQueues, staleness));
    listener.observe(source);
    return source;
  }

  /** Graceful: stop taking calls, end streams, drain unary calls, then close the cache and S3 clients. */
  synchronized void stop() {
    if (stopped.getCount() == 0) {
      return;
    }
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
    stopped.countDown();
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
  private static String readyDetail(TenantPolicyFile policy, NotificationBacklogSource counting) {
    StringBuilder detail = new StringBuilder(policy == null ? "" : policy.gate().describe());
    for (String problem : counting.readiness()) {
      detail.append(detail.length() == 0 ? "" : "\n").append("warning: ").append(problem);
    }
    return detail.toString();
  }

  /** The ports bound, for tests that start with port 0; null until started. */
  int[] boundPorts() {
    return !announced || grpc == null || http == null ? null : new int[] {grpc.port(), http.port()};
  }

  private <T extends AutoCloseable> T keep(T resource) {
    resources.add(resource);
    return resource;
  }

  private static void checkRange(String option, int value, int max) {
    if (value < 1 || value > max) {
      throw InvalidInputException.badValue(option, Integer.toString(value),
          "use a whole number from 1 to " + max);
    }
  }

  private static void checkPort(String option, int value) {
    if (value < 0 || value > 65535) {
      throw InvalidInputException.badValue(option, Integer.toString(value),
          "use a port from 1 to 65535 (0 picks a free one)");
    }
  }

  private static String version() {
    try {
      String text = new VersionProvider().getVersion()[0];
      return text.substring(text.indexOf(' ') + 1);
    } catch (RuntimeException e) { // outside a Quarkus build (tests): no stamped version
      return "unknown";
    }
  }
}
