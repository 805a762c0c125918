package io.sparkscale.s3;

import io.sparkscale.backlog.BacklogCount;
import io.sparkscale.backlog.BacklogSource;
import io.sparkscale.backlog.BacklogUnavailableException;
import io.sparkscale.backlog.CountKey;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsProfileRegionProvider;
import software.amazon.awssdk.regions.providers.AwsRegionProvider;
import software.amazon.awssdk.regions.providers.AwsRegionProviderChain;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.regions.providers.SystemSettingsRegionProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Counts what is waiting under a prefix with ListObjectsV2, 1,000 keys a page, streaming the pages (keys
 * are never kept). Needs only s3:ListBucket.
 *
 * <p>Credentials come from the SDK's default chain (environment, web identity / IRSA, EKS Pod Identity,
 * profile, instance profile) unless a provider is given (tests, benchmarks). The region is the trigger's,
 * else the SDK's region chain (environment, system property, profile, and for AWS endpoints instance
 * metadata; an S3-compatible store's region has nothing to do with the instance's); when that finds none,
 * us-east-1 is used and logged once: S3-compatible stores accept it, and on AWS cross-region access follows
 * the bucket to its region, so failing instead would only make a working setup fail.
 *
 * <p>One SDK client per (endpoint, region, path style), created on first use and reused: a client owns a
 * connection pool, so creating one per listing would pay a TLS handshake every poll.
 */
public final class S3BacklogSource implements BacklogSource, AutoCloseable {

  static final int PAGE_SIZE = 1000;
  static final Region FALLBACK_REGION = Region.US_EAST_1;
  private static final System.Logger LOG = System.getLogger(S3BacklogSource.class.getName());

  private final S3Settings settings;
  private final AwsCredentialsProvider credentials;
  private final boolean ownsCredentials;
  private final Clock clock;
  private final Map<ClientKey, S3Client> clients = new ConcurrentHashMap<>();
  private final Map<Boolean, Region> chainRegions = new ConcurrentHashMap<>();

  /** Credentials from the SDK's default chain. */
  public S3BacklogSource(S3Settings settings) {
    this(settings, null);
  }

  /** @param credentials a fixed provider (tests against s3proxy, benchmarks), or null for the default chain */
  public S3BacklogSource(S3Settings settings, AwsCredentialsProvider credentials) {
    this(settings, credentials, Clock.systemUTC());
  }

  S3BacklogSource(S3Settings settings, AwsCredentialsProvider credentials, Clock clock) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.ownsCredentials = credentials == null;
    this.credentials = credentials != null ? credentials : DefaultCredentialsProvider.builder().build();
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public BacklogCount count(CountKey key) throws BacklogUnavailableException {
    Instant started = clock.instant();
    long startNanos = System.nanoTime();
    Instant newestCounted = started.minus(key.minObjectAge());
    long objects = 0;
    long bytes = 0;
    long requests = 0;
    boolean limitReached = false;
    try {
      S3Client client = client(key);
      ListObjectsV2Request.Builder request =
          ListObjectsV2Request.builder().bucket(key.bucket()).maxKeys(PAGE_SIZE);
      if (!key.prefix().isEmpty()) {
        request.prefix(key.prefix());
      }
      String token = null;
      pages:
      do {
        ListObjectsV2Response page = client.listObjectsV2(request.continuationToken(token).build());
        requests++;
        for (S3Object object : page.contents()) {
          if (counts(key, object, newestCounted)) {
            objects++;
            bytes += object.size() == null ? 0 : object.size();
            if (objects >= key.scanLimit()) {
              limitReached = true;
              break pages;
            }
          }
        }
        token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
      } while (token != null);
    } catch (SdkException e) {
      throw new BacklogUnavailableException(
          key.describe() + ": " + S3Errors.describe(e, key.endpoint()), e);
    }
    BacklogCount count =
        new BacklogCount(
            objects, bytes, limitReached, requests, started,
            Duration.ofNanos(System.nanoTime() - startNanos));
    LOG.log(Level.DEBUG, () -> "counted " + key.describe() + ": " + count);
    return count;
  }

  /** Folder markers ("dir/", 0 bytes) and objects younger than minObjectAge (still being written) do not count. */
  static boolean counts(CountKey key, S3Object object, Instant newestCounted) {
    String name = object.key();
    if (!name.endsWith(key.suffix())) {
      return false;
    }
    long size = object.size() == null ? 0 : object.size();
    if (size == 0 && name.endsWith("/")) {
      return false;
    }
    Instant modified = object.lastModified();
    return key.minObjectAge().isZero() || modified == null || !modified.isAfter(newestCounted);
  }

  @Override
  public void close() {
    clients.values().forEach(S3Client::close);
    clients.clear();
    if (ownsCredentials && credentials instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        LOG.log(Level.DEBUG, "closing the credentials provider failed", e);
      }
    }
  }

  /** Number of SDK clients created so far (one per endpoint, region and path style). */
  int clientCount() {
    return clients.size();
  }

  private S3Client client(CountKey key) {
    ClientKey clientKey = new ClientKey(key.endpoint(), key.region(), key.forcePathStyle());
    return clients.computeIfAbsent(clientKey, this::newClient);
  }

  private S3Client newClient(ClientKey key) {
    var builder =
        S3Client.builder()
            .credentialsProvider(credentials)
            .region(
                key.region().isEmpty() ? chainRegion(key.endpoint().isEmpty()) : Region.of(key.region()))
            .forcePathStyle(key.forcePathStyle())
            .httpClientBuilder(
                ApacheHttpClient.builder()
                    .maxConnections(64)
                    .connectionTimeout(min(settings.apiCallAttemptTimeout(), Duration.ofSeconds(5)))
                    .socketTimeout(settings.apiCallAttemptTimeout()))
            .overrideConfiguration(
                ClientOverrideConfiguration.builder()
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

  /** Looked up once per kind of endpoint: asking instance metadata takes about a second when absent. */
  private Region chainRegion(boolean awsEndpoint) {
    return chainRegions.computeIfAbsent(awsEndpoint, aws -> {
      AwsRegionProvider chain =
          aws
              ? new DefaultAwsRegionProviderChain()
              : new AwsRegionProviderChain(
                  new SystemSettingsRegionProvider(), new AwsProfileRegionProvider());
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

  private record ClientKey(String endpoint, String region, boolean forcePathStyle) {}
}
