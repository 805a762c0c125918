package io.sparkscale.sqs;

import io.sparkscale.backlog.NotificationQueue;
import io.sparkscale.notifications.NotificationListener;
import io.sparkscale.notifications.QueueFeed;
import io.sparkscale.units.DaemonThreads;
import io.sparkscale.units.LazyResource;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Starts SQS consumers for notification mode: one SDK client per SQS origin and region (shared by its
 * queues), {@link #RECEIVERS} long-polling threads per queue. Credentials come from the SDK's default
 * chain (the pod's identity) unless given (tests). Needs sqs:ReceiveMessage and sqs:DeleteMessage.
 */
public final class SqsFeeds implements QueueFeed.Starter, AutoCloseable {

  /** A real SQS receive takes tens of ms for up to 10 messages: 4 threads keep up with 1,000 events/s. */
  public static final int RECEIVERS = 4;
  /** Long polls hold a connection each: room for 64 queues' receivers; the pool only grows as used. */
  static final int MAX_CONNECTIONS = 64 * RECEIVERS;

  private static final Pattern AWS_HOST =
      Pattern.compile("(?:sqs\\.([a-z0-9-]+)|([a-z0-9-]+)\\.queue)\\.amazonaws\\.com(?:\\.cn)?");

  private final String defaultRegion;
  private final AwsCredentialsProvider credentials;
  private final boolean ownsCredentials;
  private final NotificationListener listener;
  private final Clock clock;
  private final int waitSeconds;
  private final Map<String, SqsClient> clients = new ConcurrentHashMap<>();
  // Shared by every client, as S3Clients does: a client the SDK builds alone starts its own HTTP pool and
  // timer threads, so a queue URL naming a made-up region would cost threads that outlive it.
  /** Built with the first queue's client: an idle `serve` never loads TLS or reads the trust store. */
  private final LazyResource<SdkHttpClient> http;
  private final ScheduledThreadPoolExecutor timers;

  /**
   * @param defaultRegion region for queues not on an AWS host ("" for us-east-1)
   * @param credentials a fixed provider (tests), or null for the default chain
   */
  public SqsFeeds(String defaultRegion, AwsCredentialsProvider credentials, NotificationListener listener) {
    this(defaultRegion, credentials, listener, Clock.systemUTC(), QueueConsumer.WAIT_SECONDS);
  }

  SqsFeeds(String defaultRegion, AwsCredentialsProvider credentials, NotificationListener listener,
      Clock clock, int waitSeconds) {
    this.defaultRegion = Objects.requireNonNullElse(defaultRegion, "");
    this.ownsCredentials = credentials == null;
    this.credentials = credentials != null ? credentials : DefaultCredentialsProvider.builder().build();
    this.listener = Objects.requireNonNullElse(listener, NotificationListener.NONE);
    Duration attempt = attemptTimeout(waitSeconds);
    this.http = new LazyResource<>(() -> ApacheHttpClient.builder()
        .maxConnections(MAX_CONNECTIONS)
        .connectionTimeout(Duration.ofSeconds(5))
        .socketTimeout(attempt)
        .build());
    this.timers = new ScheduledThreadPoolExecutor(2, DaemonThreads.named("sparkscale-sqs-timer-"));
    timers.setRemoveOnCancelPolicy(true);
    this.clock = clock;
    this.waitSeconds = waitSeconds;
  }

  @Override
  public QueueFeed start(NotificationQueue queue, String region, QueueFeed.Sink sink) {
    URI url = URI.create(queue.queueUrl());
    String origin = url.getScheme() + "://" + url.getRawAuthority();
    String clientRegion = region(url.getHost(), region);
    SqsClient client = clients.computeIfAbsent(origin + " " + clientRegion, k -> newClient(origin, clientRegion));
    return new QueueConsumer(client, queue.queueUrl(), sink, listener, clock, waitSeconds).start(RECEIVERS);
  }

  /** The region in an AWS queue host, else the trigger's, else the server's, else us-east-1. */
  String region(String host, String triggerRegion) {
    Matcher aws = AWS_HOST.matcher(host);
    if (aws.matches()) {
      return aws.group(1) != null ? aws.group(1) : aws.group(2);
    }
    if (triggerRegion != null && !triggerRegion.isEmpty()) {
      return triggerRegion;
    }
    return defaultRegion.isEmpty() ? Region.US_EAST_1.id() : defaultRegion;
  }

  private SqsClient newClient(String origin, String region) {
    Duration attempt = attemptTimeout(waitSeconds);
    return SqsClient.builder()
        .credentialsProvider(credentials)
        .region(Region.of(region))
        .endpointOverride(URI.create(origin))
        .httpClient(http.get())
        .overrideConfiguration(ClientOverrideConfiguration.builder()
            .apiCallAttemptTimeout(attempt)
            .apiCallTimeout(attempt.multipliedBy(3))
            .scheduledExecutorService(timers)
            .build())
        .build();
  }

  /** A long poll must not time out. */
  private static Duration attemptTimeout(int waitSeconds) {
    return Duration.ofSeconds(waitSeconds + 10L);
  }

  @Override
  public void close() {
    clients.values().forEach(SqsClient::close);
    clients.clear();
    http.close(); // the SDK closes neither a given HTTP client nor a given scheduler
    timers.shutdownNow();
    if (ownsCredentials && credentials instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        // nothing useful to do while shutting down
      }
    }
  }
}
