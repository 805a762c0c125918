package io.sparkscale.sqs;

import static io.sparkscale.sqs.Notifications.nextSequencer;
import static org.assertj.core.api.Assertions.assertThat;

import io.sparkscale.backlog.CountKey;
import io.sparkscale.backlog.CountMode;
import io.sparkscale.backlog.SourceRouter;
import io.sparkscale.backlog.NotificationQueue;
import io.sparkscale.notifications.NotificationBacklogSource;
import io.sparkscale.notifications.NotificationListener;
import io.sparkscale.notifications.QueueFeed;
import io.sparkscale.s3.S3BacklogSource;
import io.sparkscale.s3.S3ProxyServer;
import io.sparkscale.s3.S3Settings;
import io.sparkscale.testkit.Await;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 20's findings on notification mode, against s3proxy and ElasticMQ: foreign messages in a consumed
 * queue, a message with one bad record, and the threads that many consumed queues cost.
 */
class SqsHardeningTest {

  static final Duration WITHIN = Duration.ofSeconds(30);
  static S3ProxyServer s3;
  static ElasticMq sqs;
  static S3BacklogSource listing;
  static final AtomicInteger malformed = new AtomicInteger();

  static final NotificationListener LISTENER = new NotificationListener() {
    @Override
    public void malformed(String queueUrl, String messageId, String reason, boolean deleted) {
      malformed.incrementAndGet();
    }
  };

  @BeforeAll
  static void start() throws Exception {
    s3 = S3ProxyServer.start();
    s3.createBucket("landing");
    sqs = ElasticMq.start();
    listing = new S3BacklogSource(S3Settings.defaults(), S3ProxyServer.credentials());
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable resource : new AutoCloseable[] {listing, sqs, s3}) {
      try {
        if (resource != null) {
          resource.close();
        }
      } catch (Exception e) {
        // best effort
      }
    }
  }

  static CountKey key(String prefix, String queueUrl) {
    return new CountKey(s3.endpoint(), "us-east-1", true, "landing", prefix, "", Duration.ZERO, 1_000_000,
        new NotificationQueue(queueUrl, Duration.ZERO, Duration.ofMinutes(10)));
  }

  static void await(String what, BooleanSupplier condition) throws Exception {
    Await.until(what, WITHIN, condition::getAsBoolean, Boolean::booleanValue);
  }

  /** The key's count as `serve` routes it: from the notification source, by listing when it declines. */
  static long countOf(NotificationBacklogSource source, CountKey key) {
    try {
      return new SourceRouter(List.of(
          SourceRouter.route(CountMode.NOTIFICATIONS, source).fallingBackTo(CountMode.LISTING),
          SourceRouter.route(CountMode.LISTING, listing))).count(key).objects();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /**
   * Finding 1, second half: the scaler deleted 20 application messages of a queue as "not an S3 event
   * notification". Without a tenant policy granting the queue, such messages now stay in the queue.
   */
  @Test
  void foreignMessagesStayInAQueueNobodyGranted() throws Exception {
    String queue = sqs.createQueue("shared-jobs");
    for (int i = 0; i < 20; i++) {
      sqs.send(queue, "{\"job\":" + i + "}");
    }
    for (int i = 0; i < 10; i++) {
      sqs.send(queue, Notifications.s3Created("landing", "f1/" + i, 1, nextSequencer(), Instant.now()));
    }
    int before = malformed.get();
    try (SqsFeeds feeds = new SqsFeeds("us-east-1", ElasticMq.credentials(), LISTENER, Clock.systemUTC(), 1);
        NotificationBacklogSource source = new NotificationBacklogSource(listing::listAll, feeds,
            LISTENER, Clock.systemUTC(), Duration.ofMinutes(5))) {
      CountKey key = key("f1/", queue);
      await("the 10 events applied", () -> countOf(source, key) == 10);
      // ElasticMQ's default visibility timeout (30 s) keeps each from being received twice meanwhile.
      await("every foreign message received", () -> malformed.get() - before >= 20);
      await("the events' messages deleted", () -> sqs.approximateMessages(queue) <= 20);
      assertThat(sqs.approximateMessages(queue)).as("foreign messages left in the queue").isEqualTo(20);
    }
  }

  /** The tenant policy grants the queue to the namespace whose trigger consumes it: foreign messages go. */
  @Test
  void foreignMessagesAreDeletedFromAGrantedQueue() throws Exception {
    String queue = sqs.createQueue("granted-jobs");
    for (int i = 0; i < 5; i++) {
      sqs.send(queue, "{\"job\":" + i + "}");
    }
    sqs.send(queue, Notifications.s3Created("landing", "g1/a", 1, nextSequencer(), Instant.now()));
    try (SqsFeeds feeds = new SqsFeeds("us-east-1", ElasticMq.credentials(), LISTENER, Clock.systemUTC(),
            ReceiveTiming.forWait(1), 10, queue::equals);
        NotificationBacklogSource source = new NotificationBacklogSource(listing::listAll, feeds,
            LISTENER, Clock.systemUTC(), Duration.ofMinutes(5))) {
      CountKey key = key("g1/", queue);
      await("the event applied", () -> countOf(source, key) == 1);
      await("the foreign messages deleted", () -> sqs.approximateMessages(queue) == 0);
    }
  }

  /** Finding 6: one record with sequencer G1 (or none) discarded the 100 good records of its message. */
  @Test
  void aMessageWithBadRecordsAppliesItsGoodOnes() throws Exception {
    String queue = sqs.createQueue("batched");
    try (SqsFeeds feeds = new SqsFeeds("us-east-1", ElasticMq.credentials(), LISTENER, Clock.systemUTC(), 1);
        NotificationBacklogSource source = new NotificationBacklogSource(listing::listAll, feeds,
            LISTENER, Clock.systemUTC(), Duration.ofMinutes(5))) {
      CountKey key = key("b6/", queue);
      assertThat(countOf(source, key)).isZero();
      for (String bad : List.of("G1", "")) {
        List<String> records = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
          records.add(Notifications.s3Created("landing", "b6/" + bad + "-" + i, 1, nextSequencer(), Instant.now()));
        }
        records.add(50, Notifications.s3Created("landing", "b6/bad-" + bad, 1, bad, Instant.now()));
        sqs.send(queue, Notifications.records(records));
      }
      await("the 200 good records applied", () -> countOf(source, key) == 200);
      await("both messages deleted", () -> sqs.approximateMessages(queue) == 0);
    }
  }

  /**
   * Finding 2: each consumed queue cost about 4 threads (800 queues, 3,293 threads). A thousand queues now
   * share a fixed set of threads.
   */
  @Test
  void aThousandQueuesShareABoundedSetOfThreads() throws Exception {
    int queues = 1000;
    List<String> urls = parallel(queues, i -> sqs.createQueue("many-" + i));
    // Waiting already, so the first receive of each queue answers at once whatever ElasticMQ's load.
    parallel(queues, i -> {
      sqs.send(urls.get(i), Notifications.s3Created("landing", "many/x", 1, nextSequencer(), Instant.now()));
      return null;
    });
    AtomicLong events = new AtomicLong();
    QueueFeed.Sink sink = received -> events.addAndGet(received.size());
    int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
    List<QueueFeed> started = new ArrayList<>();
    try (SqsFeeds feeds = new SqsFeeds("us-east-1", ElasticMq.credentials(), LISTENER, Clock.systemUTC(), 20)) {
      for (String url : urls) {
        started.add(feeds.start(new NotificationQueue(url, Duration.ZERO, Duration.ofMinutes(10)), "us-east-1", sink));
      }
      assertBoundedThreads(threadsBefore, "started");
      Await.until("one event from each of " + queues + " queues", Duration.ofMinutes(2), events::get, n -> n >= queues);
      // Every queue now has a long poll in flight again.
      assertBoundedThreads(threadsBefore, "each delivered a message");
    } finally {
      started.forEach(QueueFeed::close);
    }
  }

  /** Runs the calls on a few threads (ElasticMQ answers each in milliseconds), results in order. */
  static <T> List<T> parallel(int count, java.util.function.IntFunction<T> call) throws Exception {
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      List<java.util.concurrent.Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int index = i;
        futures.add(pool.submit(() -> call.apply(index)));
      }
      List<T> results = new ArrayList<>();
      for (java.util.concurrent.Future<T> future : futures) {
        results.add(future.get());
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Threads added since {@code before} stay below a bound that does not grow with the queues. */
  static void assertBoundedThreads(int before, String when) {
    int added = ManagementFactory.getThreadMXBean().getThreadCount() - before;
    assertThat(added).as("threads added for 1,000 queues, " + when + ": " + threadNames()).isLessThan(64);
  }

  /** Live threads by name with digits dropped, for the failure message. */
  static Map<String, Integer> threadNames() {
    Map<String, Integer> names = new TreeMap<>();
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      names.merge(thread.getName().replaceAll("\\d+", "N"), 1, Integer::sum);
    }
    return names;
  }
}
