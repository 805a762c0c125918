package io.sparkscale.cli;

import io.netty.handler.ssl.SslContext;
import io.sparkscale.backlog.CacheSettings;
import io.sparkscale.grpc.ConnectionSettings;
import io.sparkscale.grpc.TlsContexts;
import io.sparkscale.notifications.NotificationBacklogSource;
import io.sparkscale.trigger.ServerDefaults;
import io.sparkscale.units.Durations;
import io.sparkscale.units.InvalidInputException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * `sparkscale serve`: its options, checked before anything is bound; then {@link ServeComposition} wires and
 * starts the counting sources, the shared cache and the gRPC and HTTP servers, and this waits for SIGTERM.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Run the KEDA external scaler: counts pending S3 objects or bytes per trigger, cached and shared.",
      "S3 credentials and region come from the pod's identity (AWS SDK default chain)."
    })
public class ServeCommand implements Callable<Integer> {

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
  private volatile ServeComposition running;
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
    ServeComposition.Settings settings = new ServeComposition.Settings(
        new InetSocketAddress(bindAddress, port), new InetSocketAddress(bindAddress, httpPort), defaults,
        new CacheSettings(ttl, staleness, ServeComposition.ANSWER_WITHIN), maxListRequestsPerSecond, listings,
        maxNotificationQueues, tls, connections, tenantPolicy);

    Thread hook = new Thread(this::stop, "sparkscale-shutdown");
    try {
      running = ServeComposition.start(settings, version());
      announce(settings, tlsFiles);
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

  private void announce(ServeComposition.Settings settings, TlsContexts.ServerFiles tlsFiles) {
    int[] ports = running.ports();
    ServerDefaults defaults = settings.defaults();
    String security = !tlsFiles.enabled() ? "plaintext" : tlsFiles.mutual() ? "mTLS" : "TLS";
    String where = defaults.endpoint().isEmpty() ? "AWS S3" : defaults.endpoint();
    spec.commandLine().getErr().printf(
        "sparkscale serve: gRPC on %s:%d (%s), HTTP on %s:%d; counting at %s%s, cache ttl %s, max staleness %s,"
            + " up to %d list requests/s and %d listings at once%s%n",
        bindAddress, ports[0], security, bindAddress, ports[1], where,
        defaults.region().isEmpty() ? "" : " (" + defaults.region() + ")",
        Durations.format(settings.cache().ttl()), Durations.format(settings.cache().maxStaleness()),
        maxListRequestsPerSecond, settings.listings(), running.policyInForce());
    spec.commandLine().getErr().flush();
    announced = true;
  }

  /** Graceful: stop taking calls, end streams, drain unary calls, then close the cache and S3 clients. */
  synchronized void stop() {
    if (stopped.getCount() == 0) {
      return;
    }
    if (running != null) {
      running.close();
    }
    stopped.countDown();
  }

  /** The ports bound, for tests that start with port 0; null until started. */
  int[] boundPorts() {
    ServeComposition serve = running;
    return !announced || serve == null ? null : serve.ports();
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
