package io.sparkscale.cli;

import io.netty.handler.ssl.SslContext;
import io.sparkscale.backlog.BacklogCache;
import io.sparkscale.backlog.CacheSettings;
import io.sparkscale.grpc.ExternalScalerService;
import io.sparkscale.grpc.ScalerServer;
import io.sparkscale.grpc.TlsContexts;
import io.sparkscale.observability.GrpcMetricsInterceptor;
import io.sparkscale.observability.HttpEndpoints;
import io.sparkscale.observability.ScalerMetrics;
import io.sparkscale.s3.S3BacklogSource;
import io.sparkscale.s3.S3Settings;
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

  @Spec CommandSpec spec;
  @Mixin VerboseOption verbose;

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
    TlsContexts.ServerFiles tlsFiles = new TlsContexts.ServerFiles(tlsCert, tlsKey, tlsClientCa);
    SslContext tls = TlsContexts.server(tlsFiles);
    String endpoint = s3Endpoint == null ? "" : s3Endpoint;
    ServerDefaults defaults = new ServerDefaults(endpoint, region,
        forcePathStyle != null ? forcePathStyle : !endpoint.isBlank(), allowedEndpoints);
    CacheSettings cacheSettings = new CacheSettings(ttl, staleness, ANSWER_WITHIN);
    ScalerMetrics metrics = new ScalerMetrics(version());
    TenantPolicyFile policy = tenantPolicy == null ? null : keep(TenantPolicyFile.start(tenantPolicy,
        TenantPolicyFile.CHECK_EVERY, tenantPolicyRefused(metrics), Clock.systemUTC()));

    Thread hook = new Thread(this::stop, "sparkscale-shutdown");
    try {
      start(defaults, cacheSettings, tls, tlsFiles, metrics, policy);
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

  private void start(ServerDefaults defaults, CacheSettings cacheSettings, SslContext tls,
      TlsContexts.ServerFiles tlsFiles, ScalerMetrics metrics, TenantPolicyFile policy) throws IOException {
    TriggerAdmission admission = policy == null ? TriggerAdmission.EVERYONE : policy.gate();
    S3BacklogSource s3 = keep(new S3BacklogSource(S3Settings.defaults()));
    BacklogCache cache = keep(new BacklogCache(s3, cacheSettings, Clock.systemUTC(), metrics));
    ExternalScalerService service = keep(new ExternalScalerService(
        new TriggerParser(defaults, admission), cache, STREAM_CHECK_EVERY, cacheSettings.maxStaleness()));
    metrics.gauge("sparkscale_cache_entries", "Count keys held by the cache.", cache::size);
    metrics.gauge("sparkscale_streams_open", "Open StreamIsActive calls.", service::openStreams);

    if (policy != null) {
      metrics.gauge("sparkscale_tenant_policy_namespaces", "Namespaces in the tenant policy in force.",
          () -> policy.gate().policy().namespaces().size());
    }
    http = keep(HttpEndpoints.start(new InetSocketAddress(bindAddress, httpPort), metrics.registry(),
        () -> grpc != null && grpc.ready(), policy == null ? () -> "" : policy.gate()::describe));
    grpc = ScalerServer.start(new InetSocketAddress(bindAddress, port), service, tls,
        new GrpcMetricsInterceptor(metrics));

    String security = !tlsFiles.enabled() ? "plaintext" : tlsFiles.mutual() ? "mTLS" : "TLS";
    String where = defaults.endpoint().isEmpty() ? "AWS S3" : defaults.endpoint();
    spec.commandLine().getErr().printf(
        "sparkscale serve: gRPC on %s:%d (%s), HTTP on %s:%d; counting at %s%s, cache ttl %s, max staleness %s%s%n",
        bindAddress, grpc.port(), security, bindAddress, http.port(), where,
        defaults.region().isEmpty() ? "" : " (" + defaults.region() + ")",
        Durations.format(cacheSettings.ttl()), Durations.format(cacheSettings.maxStaleness()),
        policy == null ? "" : "; " + policy.gate().describe());
    spec.commandLine().getErr().flush();
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

  /** The ports bound, for tests that start with port 0; null until started. */
  int[] boundPorts() {
    return grpc == null || http == null ? null : new int[] {grpc.port(), http.port()};
  }

  private <T extends AutoCloseable> T keep(T resource) {
    resources.add(resource);
    return resource;
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
