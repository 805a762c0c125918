package io.sparkscale.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkscale.backlog.BacklogCount;
import io.sparkscale.backlog.BacklogSource;
import io.sparkscale.backlog.CountKey;
import io.sparkscale.backlog.CountMode;
import io.sparkscale.backlog.MutableClock;
import io.sparkscale.backlog.NotificationQueue;
import io.sparkscale.backlog.SourceDeclinedException;
import io.sparkscale.backlog.SourceRouter;
import io.sparkscale.testkit.Await;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** When a key counts from events and when it falls back to listing, with an in-memory store and queue. */
class NotificationBacklogSourceTest {

  static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  final MutableClock clock = new MutableClock(START);
  final Map<String, Long> store = new ConcurrentSkipListMap<>();
  final AtomicInteger plainCounts = new AtomicInteger();
  final AtomicInteger listings = new AtomicInteger();
  final FakeFeed feed = new FakeFeed();
  final List<String> modes = new CopyOnWriteArrayList<>();
  final BacklogSource listing = key -> {
    plainCounts.incrementAndGet();
    long objects = store.keySet().stream().filter(k -> k.startsWith(key.prefix())).count();
    return new BacklogCount(objects, objects, false, 1, clock.instant(), Duration.ZERO);
  };
  final NotificationBacklogSource source = new NotificationBacklogSource(
      (key, pages) -> {
        List<KeyListing.ListedObject> page = new ArrayList<>();
        store.forEach((k, size) -> page.add(new KeyListing.ListedObject(k, size, START.minus(Duration.ofHours(1)))));
        pages.page(page);
        return 1;
      },
      (queue, region, sink) -> {
        feed.sink = sink;
        return feed;
      },
      new NotificationListener() {
        @Override
        public void reconciled(CountKey key, boolean seed, long drift, long requests, Duration took) {
          listings.incrementAndGet();
        }

        @Override
        public void modeChanged(CountKey key, String reason) {
          modes.add(String.valueOf(reason));
        }
      },
      clock,
      Duration.ofMinutes(5));
  /** As `serve` routes: keys with a queue to the source under test, what it declines to the listing. */
  final SourceRouter counting = routed(source, listing);
  final CountKey key = new CountKey("", "", false, "b", "in/", "", Duration.ZERO, 1_000_000,
      new NotificationQueue("https://sqs.us-east-1.amazonaws.com/123456789012/q", Duration.ofMinutes(1),
          Duration.ofMinutes(10)));
  long sequence = 1;

  static final class FakeFeed implements QueueFeed {
    volatile QueueFeed.Sink sink;
    volatile Instant lastMessageAt;
    volatile String failure;
    volatile Instant lastReceiveAt;

    @Override
    public Instant lastReceiveAt() {
      return lastReceiveAt;
    }

    @Override
    public Instant lastMessageAt() {
      return lastMessageAt;
    }

    @Override
    public String failure() {
      return failure;
    }

    @Override
    public void close() {}
  }

  static SourceRouter routed(NotificationBacklogSource notifications, BacklogSource listing) {
    return new SourceRouter(List.of(
        SourceRouter.route(CountMode.NOTIFICATIONS, notifications).fallingBackTo(CountMode.LISTING),
        SourceRouter.route(CountMode.LISTING, listing)));
  }

  @AfterEach
  void close() {
    source.close();
  }

  void created(String objectKey) {
    store.put(objectKey, 1L);
    feed.lastMessageAt = clock.instant();
    feed.sink.accept(List.of(ObjectEvent.created("b", objectKey, 1, Long.toHexString(sequence++), clock.instant())));
  }

  /**
   * Moves the clock past the reconcile interval and waits until a reconcile has listed. A count starts it
   * (or, for a key counting by listing, the next sweep); asking again covers a previous reconcile that has
   * listed but not yet let go. The mode it decides right after is awaited by each test on what it changes.
   */
  void reconcile() throws Exception {
    int before = listings.get();
    clock.advance(Duration.ofMinutes(2));
    Await.until("a reconcile to list", () -> {
      counting.count(key);
      return listings.get();
    }, done -> done > before);
  }

  void awaitProblems(String what, Predicate<List<String>> done) throws Exception {
    Await.until(what, () -> source.problems(), done);
  }

  @Test
  void countsFromEventsAfterTheSeedWithoutListingAgain() throws Exception {
    store.put("in/1", 1L);
    assertThat(counting.count(key).objects()).isEqualTo(1);
    created("in/2");
    created("in/3");
    int before = plainCounts.get();
    assertThat(counting.count(key).objects()).isEqualTo(3);
    assertThat(plainCounts.get()).isEqualTo(before);
    assertThat(source.problems()).isEmpty();
    assertThat(counting.count(key).reuseFor()).as("from memory").isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void aSilentQueueWithDriftFallsBackToListingAndAReconcileWithoutDriftBringsItBack() throws Exception {
    assertThat(counting.count(key).objects()).isZero();
    store.put("in/missed", 1L); // S3 changed, the queue said nothing (and never has)
    reconcile();
    // The drift is reported before the mode is decided; the fallback replaces that line.
    awaitProblems("the silent queue reported", problems -> problems.toString().contains("delivered no message"));
    assertThat(source.problems()).singleElement().asString().contains("delivered no message");
    store.put("in/missed-too", 1L);
    BacklogCount listed = counting.count(key);
    assertThat(listed.objects()).as("by listing").isEqualTo(2);
    assertThat(listed.reuseFor()).as("the cache's ttl decides").isEqualTo(BacklogCount.AS_CONFIGURED);
    assertThat(source.keysListing()).isEqualTo(1);
    assertThatThrownBy(() -> source.count(key)).as("the source itself declines, naming why")
        .isInstanceOf(SourceDeclinedException.class).hasMessageContaining("delivered no message");

    reconcile(); // the first one corrected the state, so this one finds only in/missed-too: still drift
    reconcile(); // nothing changed since: clean, back to events
    awaitProblems("the clean reconcile to bring events back", List::isEmpty);
    assertThat(modes).last().isEqualTo("null");
    assertThat(source.keysListing()).isZero();
  }

  @Test
  void driftTwiceInARowWhileMessagesFlowIsReportedAsAnotherConsumer() throws Exception {
    assertThat(counting.count(key).objects()).isZero();
    created("in/seen");
    store.put("in/taken-by-someone-else-1", 1L);
    reconcile();
    created("in/seen-2");
    store.put("in/taken-by-someone-else-2", 1L);
    reconcile();
    awaitProblems("two drifted reconciles reported", problems -> problems.toString().contains("another consumer"));
    assertThat(source.problems()).singleElement().asString().contains("another consumer");
    // The second reconcile started only after the first had decided, so this covers both decisions.
    assertThat(modes).as("one drifted reconcile is corrected, not yet a fallback").hasSize(1);
    assertThat(counting.count(key).objects()).isEqualTo(4);
  }

  @Test
  void aFailingQueueIsCountedByListingUntilItRecovers() throws Exception {
    assertThat(counting.count(key).objects()).isZero();
    feed.failure = "AWS.SimpleQueueService.NonExistentQueue (HTTP 400)";
    store.put("in/while-failing", 1L);
    assertThat(counting.count(key).objects()).isEqualTo(1);
    assertThat(source.problems()).singleElement().asString().contains("NonExistentQueue", "counting by listing");
    feed.failure = null;
    feed.lastMessageAt = clock.instant();
    counting.count(key); // notices the recovery: reconciles at once
    awaitProblems("the recovery's reconcile to bring events back",
        problems -> !problems.toString().contains("counting by listing"));
    assertThat(counting.count(key).objects()).isEqualTo(1);
  }

  /** A count from events is as old as the last completed receive: past the budget, it is listed instead. */
  @Test
  void aReceiveOverdueForTheBudgetCountsByListingUntilOneCompletes() throws Exception {
    feed.lastReceiveAt = clock.instant();
    assertThat(counting.count(key).objects()).isZero();
    store.put("in/arrived-while-sqs-hangs", 1L);
    clock.advance(Duration.ofSeconds(59));
    assertThat(counting.count(key).objects()).as("within the 60 s budget: from events").isZero();
    clock.advance(Duration.ofSeconds(2));
    assertThat(counting.count(key).objects()).as("past it: listed").isEqualTo(1);
    assertThat(source.readiness()).containsExactly(
        "1 trigger(s) in notification mode count by listing: 1 no receive completed within max staleness");
    assertThat(source.keysListingByReason()).containsEntry(FallbackReason.RECEIVE_OVERDUE, 1);
    assertThat(source.problems()).singleElement().asString().contains("no receive from", "sqs.us-east-1");

    feed.lastReceiveAt = clock.instant(); // SQS answers again (with messages): a reconcile decides
    feed.lastMessageAt = clock.instant();
    counting.count(key);
    Await.until("the reconcile after the receive to bring events back", source::keysListing, n -> n == 0);
    // Back on events; the object the events never told of was drift, corrected and reported.
    assertThat(source.readiness()).containsExactly("1 trigger(s) in notification mode: the last reconcile found"
        + " changes their queue did not deliver (corrected)");
    assertThat(counting.count(key).objects()).isEqualTo(1);
  }

  @Test
  void queuesBeyondTheLimitCountByListingAndSaySoWithoutNames() throws Exception {
    try (NotificationBacklogSource limited = new NotificationBacklogSource(
        (k, pages) -> 1, (queue, region, sink) -> new FakeFeed(), NotificationListener.NONE, clock,
        Duration.ofMinutes(5), 2, Duration.ofSeconds(60))) {
      for (int i = 0; i < 3; i++) {
        CountKey other = new CountKey("", "", false, "b", "in/", "", Duration.ZERO, 1_000_000,
            new NotificationQueue("https://sqs.us-east-1.amazonaws.com/123456789012/q" + i, Duration.ZERO,
                Duration.ofMinutes(10)));
        BacklogSource sevenByListing = k -> new BacklogCount(7, 7, false, 1, clock.instant(), Duration.ZERO);
        assertThat(routed(limited, sevenByListing).count(other).objects()).isEqualTo(i < 2 ? 0 : 7);
      }
      assertThat(limited.queuesConsumed()).isEqualTo(2);
      assertThat(limited.keysListingByReason()).containsEntry(FallbackReason.QUEUE_LIMIT, 1);
      assertThat(limited.readiness()).singleElement().asString()
          .isEqualTo("1 trigger(s) in notification mode count by listing: 1 over the limit of consumed queues"
              + " (--max-notification-queues)")
          .doesNotContain("q2");
    }
  }

  @Test
  void keysWithoutAQueueAreListed() throws Exception {
    CountKey listed = new CountKey("", "", false, "b", "in/", "", Duration.ZERO, 1_000_000);
    store.put("in/a", 1L);
    assertThat(counting.count(listed).objects()).isEqualTo(1);
    assertThatThrownBy(() -> source.count(listed)).isInstanceOf(SourceDeclinedException.class);
    assertThat(plainCounts.get()).isEqualTo(1);
    assertThat(source.queuesConsumed()).isZero();
  }
}
