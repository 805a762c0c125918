package io.sparkscale.sqs;

import static io.sparkscale.sqs.Notifications.nextSequencer;
import static org.assertj.core.api.Assertions.assertThat;

import io.sparkscale.backlog.BacklogCount;
import io.sparkscale.backlog.CountKey;
import io.sparkscale.backlog.CountMode;
import io.sparkscale.backlog.SourceRouter;
import io.sparkscale.backlog.NotificationQueue;
import io.sparkscale.notifications.NotificationBacklogSource;
import io.sparkscale.notifications.NotificationListener;
import io.sparkscale.s3.S3BacklogSource;
import io.sparkscale.s3.S3ProxyServer;
import io.sparkscale.s3.S3Settings;
import io.sparkscale.testkit.Await;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Notification mode end to end: s3proxy as the store, ElasticMQ as SQS, the messages S3 would send. After
 * every scenario the count kept from events equals a fresh listing of the same prefix.
 */
class SqsNotificationTest {

  static final Duration WITHIN = Duration.ofSeconds(20);
  static S3ProxyServer s3;
  static ElasticMq sqs;
  static S3BacklogSource listing;
  static SqsFeeds feeds;
  static NotificationBacklogSource source;
  /** As `serve` routes: keys with a queue to the notification source, falling back to listing. */
  static SourceRouter counting;
  static String queue;
  static final AtomicInteger malformed = new AtomicInteger();
  static final AtomicInteger badRecords = new AtomicInteger();
  static final AtomicLong drift = new AtomicLong();
  static final List<String> modes = new CopyOnWriteArrayList<>();

  static final NotificationListener LISTENER = new NotificationListener() {
    @Override
    public void malformed(String queueUrl, String messageId, String reason, boolean deleted) {
      malformed.incrementAndGet();
    }

    @Override
    public void badRecords(String queueUrl, int records, String firstProblem) {
      badRecords.addAndGet(records);
    }

    @Override
    public void reconciled(CountKey key, boolean seed, long found, long requests, Duration took) {
      drift.addAndGet(found);
    }

    @Override
    public void modeChanged(CountKey key, String reason) {
      modes.add(key.prefix() + ": " + reason);
    }
  };

  @BeforeAll
  static void start() throws Exception {
    s3 = S3ProxyServer.start();
    s3.createBucket("landing");
    sqs = ElasticMq.start();
    queue = sqs.createQueue("uploads");
    listing = new S3BacklogSource(S3Settings.defaults(), S3ProxyServer.credentials());
    feeds = new SqsFeeds("us-east-1", ElasticMq.credentials(), LISTENER, Clock.systemUTC(), 1);
    source = new NotificationBacklogSource(
        listing::listAll, feeds, LISTENER, Clock.systemUTC(), Duration.ofMinutes(5));
    counting = new SourceRouter(List.of(
        SourceRouter.route(CountMode.NOTIFICATIONS, source).fallingBackTo(CountMode.LISTING),
        SourceRouter.route(CountMode.LISTING, listing)));
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable resource : new AutoCloseable[] {source, feeds, listing, sqs, s3}) {
      try {
        if (resource != null) {
          resource.close();
        }
      } catch (Exception e) {
        // best effort
      }
    }
  }

  static CountKey key(String prefix, String suffix, Duration minAge, Duration reconcile, String queueUrl) {
    return new CountKey(s3.endpoint(), "us-east-1", true, "landing", prefix, suffix, minAge, 1_000_000,
        new NotificationQueue(queueUrl, reconcile, Duration.ofMinutes(10)));
  }

  static CountKey listed(CountKey key) {
    return new CountKey(key.endpoint(), key.region(), key.forcePathStyle(), key.bucket(), key.prefix(),
        key.suffix(), key.minObjectAge(), key.scanLimit());
  }

  static String put(String key, int size) {
    Instant modified = Instant.now().minusSeconds(5);
    s3.put("landing", key, new byte[size], modified);
    return Notifications.s3Created("landing", key, size, nextSequencer(), modified);
  }

  static String delete(String key) throws Exception {
    Files.delete(s3.basedir().resolve("landing").resolve(key));
    return Notifications.s3Removed("landing", key, nextSequencer(), Instant.now());
  }

  /** Polls until the notification count equals a fresh listing, then returns it. */
  static BacklogCount awaitListingCount(CountKey key) throws Exception {
    BacklogCount[] truth = new BacklogCount[1];
    BacklogCount kept = Await.until("the count from events of " + key.describe() + " to equal a listing's",
        WITHIN, () -> {
          truth[0] = listing.count(listed(key));
          return counting.count(key);
        }, count -> count.objects() == truth[0].objects() && count.bytes() == truth[0].bytes());
    assertThat(kept.objects()).as("objects of " + key.describe()).isEqualTo(truth[0].objects());
    assertThat(kept.bytes()).as("bytes of " + key.describe()).isEqualTo(truth[0].bytes());
    return kept;
  }

  @Test
  void eventsKeepTheCountEqualToAListingWithoutReconciling() throws Exception {
    CountKey key = key("a/", ".json", Duration.ZERO, Duration.ZERO, queue);
    for (int i = 0; i < 30; i++) {
      put("a/seed-" + i + ".json", 10);
    }
    assertThat(counting.count(key).objects()).isEqualTo(30); // the seeding listing

    String plus = put("a/with space+plus (1).json", 3);
    String created = put("a/new.json", 5);
    sqs.send(queue, created);
    sqs.send(queue, created); // duplicate delivery
    sqs.send(queue, plus);
    String removeSeed = delete("a/seed-1.json");
    sqs.send(queue, removeSeed);
    sqs.send(queue, put("b/unrelated.json", 100)); // another prefix on the same queue
    sqs.send(queue, put("a/ignored.tmp", 100)); // another suffix
    // Out of order: an overwrite arrives before the create it replaces.
    String first = put("a/overwritten.json", 1);
    String second = put("a/overwritten.json", 2);
    sqs.send(queue, second);
    sqs.send(queue, first);
    // A remove that arrives before its create.
    String createLate = put("a/short-lived.json", 9);
    String removeEarly = delete("a/short-lived.json");
    sqs.send(queue, removeEarly);
    sqs.send(queue, createLate);

    BacklogCount count = awaitListingCount(key);
    assertThat(count.objects()).isEqualTo(32);
    assertThat(source.problems()).isEmpty();
  }

  /**
   * Bad records are counted and their messages deleted (they are notifications; they would never read
   * better); a message that is no notification at all is left for its owner, since no tenant policy grants
   * this queue. Consuming goes on either way.
   */
  @Test
  void malformedMessagesAreCountedAndConsumingGoesOn() throws Exception {
    String malformedQueue = sqs.createQueue("malformed");
    CountKey key = key("m/", "", Duration.ZERO, Duration.ZERO, malformedQueue);
    assertThat(counting.count(key).objects()).isZero();
    int before = malformed.get();
    int badBefore = badRecords.get();
    sqs.send(malformedQueue, "not json at all");
    sqs.send(malformedQueue, "{\"Records\":[{\"eventName\":\"ObjectCreated:Put\"}]}");
    sqs.send(malformedQueue, Notifications.s3Created("landing", "m/x", 1, "zz-not-hex", Instant.now()));
    sqs.send(malformedQueue, Notifications.TEST_EVENT);
    sqs.send(malformedQueue, Notifications.snsEnvelope(put("m/via-sns", 4)));
    sqs.send(malformedQueue, Notifications.eventBridge("Object Created", "landing", "m/via-eventbridge", 6,
        nextSequencer(), Instant.now()));
    s3.put("landing", "m/via-eventbridge", new byte[6], null);

    awaitListingCount(key);
    assertThat(counting.count(key).objects()).isEqualTo(2);
    Await.until("the bad records counted and only the foreign message left", WITHIN,
        () -> "malformed +" + (malformed.get() - before) + ", bad records +" + (badRecords.get() - badBefore)
            + ", messages left " + sqs.approximateMessages(malformedQueue),
        seen -> malformed.get() - before >= 1 && badRecords.get() - badBefore >= 2
            && sqs.approximateMessages(malformedQueue) <= 1);
    assertThat(badRecords.get() - badBefore).isEqualTo(2);
    assertThat(malformed.get() - before).isPositive();
    assertThat(sqs.approximateMessages(malformedQueue)).as("only the foreign message is left").isEqualTo(1);
  }

  @Test
  void reconcileCorrectsMissedEventsAndReportsDrift() throws Exception {
    String reconcileQueue = sqs.createQueue("reconciled");
    CountKey key = key("r/", "", Duration.ZERO, Duration.ofSeconds(1), reconcileQueue);
    for (int i = 0; i < 10; i++) {
      put("r/" + i, 1);
    }
    assertThat(counting.count(key).objects()).isEqualTo(10);
    long driftBefore = drift.get();
    sqs.send(reconcileQueue, put("r/notified", 1));
    // Changed without a notification, long enough ago that the event cannot still be on its way.
    s3.put("landing", "r/missed", new byte[4], Instant.now().minus(Duration.ofMinutes(5)));
    Files.delete(s3.basedir().resolve("landing/r/3"));

    BacklogCount count = awaitListingCount(key);
    assertThat(count.objects()).isEqualTo(11);
    assertThat(drift.get() - driftBefore).isEqualTo(2);
  }

  @Test
  void ageFilterCountsOnlyObjectsOldEnough() throws Exception {
    CountKey key = key("age/", "", Duration.ofMinutes(30), Duration.ZERO, queue);
    s3.put("landing", "age/old", new byte[1], Instant.now().minus(Duration.ofHours(2)));
    assertThat(counting.count(key).objects()).isEqualTo(1);
    Instant hourAgo = Instant.now().minus(Duration.ofHours(1));
    s3.put("landing", "age/old-too", new byte[2], hourAgo);
    sqs.send(queue, Notifications.s3Created("landing", "age/old-too", 2, nextSequencer(), hourAgo));
    sqs.send(queue, put("age/young", 3));
    BacklogCount count = awaitListingCount(key);
    assertThat(count.objects()).isEqualTo(2);
  }

  @Test
  void aQueueThatCannotBeReadFallsBackToListingAndSaysSo() throws Exception {
    String missing = sqs.endpoint() + "/000000000000/does-not-exist";
    CountKey key = key("f/", "", Duration.ZERO, Duration.ZERO, missing);
    put("f/1", 1);
    counting.count(key);
    Await.until("the failing queue reported", WITHIN, () -> {
      counting.count(key);
      return source.problems();
    }, problems -> problems.stream().anyMatch(p -> p.contains("does-not-exist")));
    assertThat(source.problems()).anySatisfy(p -> assertThat(p).contains("f/", "counting by listing"));
    put("f/2", 1); // no event: only a listing can see it
    BacklogCount listed = counting.count(key);
    assertThat(listed.objects()).isEqualTo(2);
    assertThat(listed.reuseFor()).as("a listing: the cache's ttl decides").isEqualTo(BacklogCount.AS_CONFIGURED);
  }

  @Test
  void countsFromMemoryAreFreshWithinASecond() throws Exception {
    CountKey key = key("ttl/", "", Duration.ZERO, Duration.ZERO, queue);
    BacklogCount fromMemory = counting.count(key);
    assertThat(fromMemory.objects()).isZero();
    assertThat(fromMemory.reuseFor()).isEqualTo(NotificationBacklogSource.FRESH_FOR);
    assertThat(counting.count(listed(key)).reuseFor()).isEqualTo(BacklogCount.AS_CONFIGURED);
  }
}
