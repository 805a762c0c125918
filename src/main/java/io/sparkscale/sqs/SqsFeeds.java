package io.sparkscale.sqs;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.sparkscale.backlog.NotificationQueue;
import io.sparkscale.notifications.NotificationListener;
import io.sparkscale.notifications.QueueFeed;
import io.sparkscale.units.DaemonThreads;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientAsyncConfiguration;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.client.config.SdkAdvancedAsyncClientOption;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.SdkEventLoopGroup;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * Starts SQS consumers for notification mode. Every queue's receives share one fixed set of threads,
 * whatever the number of queues: a Netty event loop of {@link #IO_THREADS} for the connections (a long poll
 * in flight holds a connection, not a thread), {@link #WORK_THREADS} that parse answers and apply events,
 * and one timer thread for timeouts and backoffs. One SDK client per SQS origin and region, all on those
 * pools. Credentials come from the SDK's default chain (the pod's identity) unless given (tests). Needs
 * sqs:ReceiveMessage and sqs:DeleteMessage.
 */
public final class SqsFeeds implements QueueFeed.Starter, AutoCloseable {

  static final int IO_THREADS = 2;
  static final int WORK_THREADS = 2;
  /** Above what one replica is meant to consume ({@code serve --max-notification-queues}), for tests. */
  static final int TEST_MAX_QUEUES = 1024;
  /** For deletes, beside the receives of every queue. */
  static final int SPARE_CONNECTIONS = 64;
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration DEFAULT_BUDGET = Duration.ofSeconds(60);

  private static final Pattern AWS_HOST =
      Pattern.compile("(?:sqs\\.([a-z0-9-]+)|([a-z0-9-]+)\\.queue)\\.amazonaws\\.com(?:\\.cn)?");

  private final String defaultRegion;
  private final AwsCredentialsProvider credentials;
  private final boolean ownsCredentials;
  private final NotificationListener listener;
  private final Clock clock;
  private final ReceiveTiming timing;
  private final Predicate<String> queueGranted;
  private final Map<String, SqsAsyncClient> clients = new ConcurrentHashMap<>();
  private final EventLoopGroup io;
  private final SdkAsyncHttpClient http;
  private final ExecutorService work;
  private final ScheduledThreadPoolExecutor timers;

  /** `serve`'s defaults: a 60 s staleness budget, no queue granted (foreign messages are left alone). */
  public SqsFeeds(String defaultRegion, AwsCredentialsProvider credentials, NotificationListener listener) {
    this(defaultRegion, credentials, listener, DEFAULT_BUDGET, TEST_MAX_QUEUES, url -> false);
  }

  /**
   * @param defaultRegion region for queues not on an AWS host ("" for us-east-1)
   * @param credentials a fixed provider (tests), or null for the default chain
   * @param receiveBudget a receive completes or fails within this (`--max-staleness`)
   * @param maxQueues queues consumed at most at once (sizes the connection pool)
   * @param queueGranted whether the tenant policy grants a queue URL, so its foreign messages may be deleted
   */
  public SqsFeeds(String defaultRegion, AwsCredentialsProvider credentials, NotificationListener listener,
      Duration receiveBudget, int maxQueues, Predicate<String> queueGranted) {
    this(defaultRegion, credentials, listener, Clock.systemUTC(), ReceiveTiming.forBudget(receiveBudget),
        maxQueues, queueGranted);
  }

  /** Tests: a fixed long poll, no queue granted. */
  SqsFeeds(String defaultRegion, AwsCredentialsProvider credentials, NotificationListener listener,
      Clock clock, int waitSeconds) {
    this(defaultRegion, credentials, listener, clock, ReceiveTiming.forWait(waitSeconds), TEST_MAX_QUEUES,
        url -> false);
  }

  SqsFeeds(String defaultRegion, AwsCredentialsProvider credentials, NotificationListener listener,
      Clock clock, ReceiveTiming timing, int maxQueues, Predicate<String> queueGranted) {
    this.defaultRegion = Objects.requireNonNullElse(defaultRegion, "");
    this.ownsCredentials = credentials == null;
    this.credentials = credentials != null ? credentials : DefaultCredentialsProvider.builder().build();
    this.listener = Objects.requireNonNullElse(listener, NotificationListener.NONE);
    this.clock = Objects.requireNonNull(clock, "clock");
    this.timing = Objects.requireNonNull(timing, "timing");
    this.queueGranted = Objects.requireNonNull(queueGranted, "queueGranted");
    this.io = new NioEventLoopGroup(IO_THREADS, DaemonThreads.named("sparkscale-sqs-io-"));
    Duration connect = CONNECT_TIMEOUT.compareTo(timing.attemptTimeout()) < 0 ? CONNECT_TIMEOUT : timing.attemptTimeout();
    this.http = NettyNioAsyncHttpClient.builder()
        .eventLoopGroup(SdkEventLoopGroup.create(io))
        .maxConcurrency(maxQueues * QueueConsumer.RECEIVERS + SPARE_CONNECTIONS)
        .connectionTimeout(connect)
        .connectionAcquisitionTimeout(timing.attemptTimeout())
        .readTimeout(timing.attemptTimeout())
        .writeTimeout(timing.attemptTimeout())
        .build();
    this.work = Executors.newFixedThreadPool(WORK_THREADS, DaemonThreads.named("sparkscale-sqs-"));
    this.timers = new ScheduledThreadPoolExecutor(1, DaemonThreads.named("sparkscale-sqs-timer-"));
    timers.setRemoveOnCancelPolicy(true);
  }

  @Override
  public QueueFeed start(NotificationQueue queue, String region, QueueFeed.Sink sink) {
    URI url = URI.create(queue.queueUrl());
    String origin = url.getScheme() + "://" + url.getRawAuthority();
    String clientRegion = region(url.getHost(), region);
    SqsAsyncClient client = clients.computeIfAbsent(origin + " " + clientRegion, k -> newClient(origin, clientRegion));
    return new QueueConsumer(client, queue.queueUrl(), sink, listener, clock, timing.waitSeconds(), timers, work,
        queueGranted).start();
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

  ReceiveTiming timing() {
    return timing;
  }

  private SqsAsyncClient newClient(String origin, String region) {
    return SqsAsyncClient.builder()
        .credentialsProvider(credentials)
        .region(Region.of(region))
        .endpointOverride(URI.create(origin))
        .httpClient(http)
        .asyncConfiguration(ClientAsyncConfiguration.builder()
            // Answers are handled on the shared work pool, not on a pool of the client's own.
            .advancedOption(SdkAdvancedAsyncClientOption.FUTURE_COMPLETION_EXECUTOR, work)
            .build())
        .overrideConfiguration(ClientOverrideConfiguration.builder()
            .apiCallAttemptTimeout(timing.attemptTimeout())
            .apiCallTimeout(timing.callTimeout())
            .scheduledExecutorService(timers)
            .build())
        .build();
  }

  @Override
  public void close() {
    clients.values().forEach(SqsAsyncClient::close);
    clients.clear();
    // The SDK closes neither a given HTTP client, event loop, executor nor scheduler.
    http.close();
    io.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    work.shutdownNow();
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
