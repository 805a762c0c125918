package io.sparkscale.notifications;

import io.sparkscale.backlog.BacklogCount;
import io.sparkscale.backlog.BacklogSource;
import io.sparkscale.backlog.BacklogUnavailableException;
import io.sparkscale.backlog.CountKey;
import io.sparkscale.backlog.NotificationQueue;
import io.sparkscale.backlog.SourceDeclinedException;
import io.sparkscale.units.DaemonThreads;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Counts a key in notification mode ({@code CountMode.NOTIFICATIONS}) from memory: seeded by a listing of
 * its prefix, then kept current by the S3 event notifications its SQS queue delivers, and corrected by a
 * reconciling listing now and then. A count from memory may be reused for {@link #FRESH_FOR}.
 *
 * <p>One consumer per queue, started when a trigger using it is first asked for and stopped when none has
 * been asked for {@code consumerIdle}: only the replica KEDA asks consumes (the scaler as a sidecar of the
 * keda-operator, or a single replica). Two replicas both asked would split the queue's events; the
 * reconciles then find changes the queue did not deliver, and the key falls back to listing, saying why
 * ({@link #problems()}).
 *
 * <p>This source declines a key ({@link SourceDeclinedException}, which the router answers by counting it by
 * listing) while its queue fails to receive, while no receive has completed within the staleness budget (a
 * count from memory is as old as its queue's last completed receive), after a reconcile finds drift either
 * when the queue has been silent for longer than maxQueueSilence or in two reconciles in a row, and when its
 * queue would be one more than {@code maxQueues}. A reconcile without drift brings it back. Counts are never
 * made up: before the seeding listing has finished, the caller waits for it as for any listing.
 *
 * <p>{@link #problems()} names keys and queues, for the log; {@link #readiness()} only counts them by
 * reason, for /readyz, which anyone who reaches the HTTP port can read.
 */
public final class NotificationBacklogSource implements BacklogSource, AutoCloseable {

  /** A count from memory is at most this old when served (the cache's ttl for these keys). */
  public static final Duration FRESH_FOR = Duration.ofSeconds(1);
  public static final Duration DEFAULT_CONSUMER_IDLE = Duration.ofMinutes(5);
  /** `serve --max-notification-queues` default: see docs/notifications.md for the sizing rule. */
  public static final int DEFAULT_MAX_QUEUES = 256;
  /** `serve --max-staleness` default. */
  public static final Duration DEFAULT_RECEIVE_BUDGET = Duration.ofSeconds(60);
  static final Duration SWEEP_EVERY = Duration.ofSeconds(5);
  private static final System.Logger LOG = System.getLogger(NotificationBacklogSource.class.getName());

  private final KeyListing keyListing;
  private final QueueFeed.Starter starter;
  private final NotificationListener listener;
  private final Clock clock;
  private final Duration consumerIdle;
  private final int maxQueues;
  private final Duration receiveBudget;
  private final ScheduledExecutorService background;
  private final Map<String, Queue> queues = new ConcurrentHashMap<>();
  private final Map<CountKey, Tracked> keys = new ConcurrentHashMap<>();
  /** Keys whose queue would exceed maxQueues, with when each was last asked for. */
  private final Map<CountKey, Instant> overLimit = new ConcurrentHashMap<>();

  /** @param keyListing lists every object of a prefix, for seeding and reconciling */
  public NotificationBacklogSource(
      KeyListing keyListing,
      QueueFeed.Starter starter,
      NotificationListener listener,
      Clock clock,
      Duration consumerIdle) {
    this(keyListing, starter, listener, clock, consumerIdle, DEFAULT_MAX_QUEUES, DEFAULT_RECEIVE_BUDGET);
  }

  /**
   * @param maxQueues queues consumed at most at once; keys of further queues count by listing
   * @param receiveBudget a key counts by listing while no receive of its queue completed within this
   */
  public NotificationBacklogSource(
      KeyListing keyListing,
      QueueFeed.Starter starter,
      NotificationListener listener,
      Clock clock,
      Duration consumerIdle,
      int maxQueues,
      Duration receiveBudget) {
    if (maxQueues < 1) {
      throw new IllegalArgumentException("maxQueues must be positive, got " + maxQueues);
    }
    this.maxQueues = maxQueues;
    this.receiveBudget = Objects.requireNonNull(receiveBudget, "receiveBudget");
    this.keyListing = Objects.requireNonNull(keyListing, "keyListing");
    this.starter = Objects.requireNonNull(starter, "starter");
    this.listener = Objects.requireNonNullElse(listener, NotificationListener.NONE);
    this.clock = Objects.requireNonNull(clock, "clock");
    this.consumerIdle = Objects.requireNonNull(consumerIdle, "consumerIdle");
    this.background = Executors.newScheduledThreadPool(2, DaemonThreads.named("sparkscale-reconcile-"));
    long every = SWEEP_EVERY.toMillis();
    background.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
  }

  /**
   * The key's count from memory, reusable for {@link #FRESH_FOR}; its first count waits for the seeding
   * listing.
   *
   * @throws SourceDeclinedException while the key must be counted by listing (over the queue limit, or its
   *     queue not trusted right now); the message says why
   */
  @Override
  public BacklogCount count(CountKey key) throws BacklogUnavailableException {
    if (key.notifications() == null) {
      throw new SourceDeclinedException(key.describe() + " names no notification queue");
    }
    Instant now = clock.instant();
    Tracked tracked = track(key, now);
    if (tracked == null) {
      throw new SourceDeclinedException(key.describe() + ": " + FallbackReason.QUEUE_LIMIT.summary);
    }
    Fallback fallback = listingReason(tracked);
    if (fallback != null) {
      throw new SourceDeclinedException(key.describe() + ": " + fallback.detail());
    }
    if (!tracked.state.seeded()) {
      synchronized (tracked.listingLock) {
        if (!tracked.state.seeded()) {
          runListing(tracked); // on the cache's listing worker, as a plain listing would be
        }
      }
    }
    scheduleReconcileIfDue(tracked, now);
    return tracked.state.count(clock.instant()).reusedFor(FRESH_FOR);
  }

  /**
   * One line per key that counts by listing or whose last reconcile found drift, naming the key and its
   * queue: for logs and tests, never for /readyz.
   */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    for (Tracked tracked : keys.values()) {
      Fallback fallback = tracked.fallback;
      if (fallback != null) {
        problems.add(tracked.state.key().describe() + ": " + fallback.detail());
      } else if (tracked.lastDrift > 0) {
        problems.add(tracked.state.key().describe() + ": last reconcile found " + tracked.lastDrift
            + " objects the queue did not report");
      }
    }
    for (CountKey key : overLimit.keySet()) {
      problems.add(key.describe() + ": " + FallbackReason.QUEUE_LIMIT.summary + " (" + maxQueues + ")");
    }
    return problems;
  }

  /**
   * What is wrong, counted by reason and naming no bucket, prefix or queue: the warning lines of /readyz.
   * Empty when every key in notification mode counts from its queue without drift.
   */
  public List<String> readiness() {
    Map<FallbackReason, Integer> byReason = keysListingByReason();
    List<String> lines = new ArrayList<>();
    int listingKeys = byReason.values().stream().mapToInt(Integer::intValue).sum();
    if (listingKeys > 0) {
      StringBuilder line = new StringBuilder(listingKeys + " trigger(s) in notification mode count by listing:");
      String separator = " ";
      for (Map.Entry<FallbackReason, Integer> entry : byReason.entrySet()) {
        if (entry.getValue() > 0) {
          line.append(separator).append(entry.getValue()).append(' ').append(entry.getKey().summary);
          separator = ", ";
        }
      }
      lines.add(line.toString());
    }
    long drifted = keys.values().stream().filter(t -> t.fallback == null && t.lastDrift > 0).count();
    if (drifted > 0) {
      lines.add(drifted + " trigger(s) in notification mode: the last reconcile found changes their queue"
          + " did not deliver (corrected)");
    }
    return lines;
  }

  /** Keys counting by listing now, by reason; every reason present, zero or not (the metric's series). */
  public Map<FallbackReason, Integer> keysListingByReason() {
    Map<FallbackReason, Integer> counts = new EnumMap<>(FallbackReason.class);
    for (FallbackReason reason : FallbackReason.values()) {
      counts.put(reason, 0);
    }
    for (Tracked tracked : keys.values()) {
      Fallback fallback = tracked.fallback;
      if (fallback != null) {
        counts.merge(fallback.reason(), 1, Integer::sum);
      }
    }
    counts.merge(FallbackReason.QUEUE_LIMIT, overLimit.size(), Integer::sum);
    return counts;
  }

  /** The most queues consumed at once. */
  public int maxQueues() {
    return maxQueues;
  }

  /** Queues being consumed now. */
  public int queuesConsumed() {
    return queues.size();
  }

  /** Keys in notification mode that count by listing right now, over the queue limit included. */
  public int keysListing() {
    return (int) keys.values().stream().filter(t -> t.fallback != null).count() + overLimit.size();
  }

  /** Pending keys held in memory (tombstones included), over all prefixes. */
  public long heldKeys() {
    return keys.values().stream().mapToLong(t -> t.state.heldKeys()).sum();
  }

  /** Heap held by the pending-key tables. */
  public long memoryBytes() {
    return keys.values().stream().mapToLong(t -> t.state.memoryBytes()).sum();
  }

  /** Drift found by each key's last reconcile, summed. */
  public long lastDrift() {
    return keys.values().stream().mapToLong(t -> t.lastDrift).sum();
  }

  @Override
  public void close() {
    background.shutdownNow();
    synchronized (this) {
      queues.values().forEach(q -> q.feed.close());
      queues.clear();
      keys.clear();
    }
  }

  /** The key's state, its queue started if need be; null when that queue would exceed maxQueues. */
  private synchronized Tracked track(CountKey key, Instant now) {
    NotificationQueue settings = key.notifications();
    if (!queues.containsKey(settings.queueUrl()) && queues.size() >= maxQueues) {
      if (overLimit.put(key, now) == null) {
        listener.queueLimitReached(key, maxQueues);
      }
      return null;
    }
    overLimit.remove(key);
    Queue queue = queues.computeIfAbsent(settings.queueUrl(), url -> new Queue());
    if (queue.feed == null) {
      queue.feed = starter.start(settings, key.region(), queue::deliver);
      LOG.log(System.Logger.Level.INFO, "consuming " + settings.queueUrl() + " (asked for " + key.describe() + ")");
    }
    Tracked tracked = keys.computeIfAbsent(key, k -> {
      Tracked fresh = new Tracked(new PrefixState(k), queue);
      queue.members.add(fresh); // before the seeding listing, so events during it are applied
      return fresh;
    });
    queue.lastAsked = now;
    tracked.lastAsked = now;
    return tracked;
  }

  /** Non-null while the key must be counted by listing; notices a failing, overdue or recovered queue. */
  private Fallback listingReason(Tracked tracked) {
    Fallback problem = feedProblem(tracked);
    if (problem != null) {
      Fallback current = tracked.fallback;
      if (!tracked.feedFailed || current == null || current.reason() != problem.reason()) {
        tracked.feedFailed = true;
        setReason(tracked, problem);
      }
      return tracked.fallback;
    }
    if (tracked.feedFailed) {
      tracked.feedFailed = false;
      tracked.reconcileNow = true; // the reason stays until that reconcile has looked
      scheduleReconcileIfDue(tracked, clock.instant());
    }
    return tracked.fallback;
  }

  /** Why the key's queue cannot be trusted right now: receiving fails, or no receive completed in time. */
  private Fallback feedProblem(Tracked tracked) {
    QueueFeed feed = tracked.queue.feed;
    String url = tracked.state.key().notifications().queueUrl();
    String failure = feed.failure();
    if (failure != null) {
      return new Fallback(FallbackReason.RECEIVE_FAILING, "receiving from " + url + " fails (" + failure
          + "); counting by listing until it works and a reconcile is done");
    }
    Instant last = feed.lastReceiveAt();
    if (last != null && last.isBefore(clock.instant().minus(receiveBudget))) {
      return new Fallback(FallbackReason.RECEIVE_OVERDUE, "no receive from " + url + " completed in the last "
          + receiveBudget.toSeconds() + " s (max staleness): SQS is slow or unreachable; counting by listing"
          + " until a receive completes and a reconcile is done");
    }
    return null;
  }

  private void scheduleReconcileIfDue(Tracked tracked, Instant now) {
    NotificationQueue settings = tracked.state.key().notifications();
    boolean due =
        tracked.reconcileNow
            || (!settings.neverReconciles()
                && tracked.lastListing != null
                && !now.isBefore(tracked.lastListing.plus(settings.reconcileInterval())));
    if (!due || !tracked.state.seeded() || !tracked.reconciling.compareAndSet(false, true)) {
      return;
    }
    try {
      background.execute(() -> {
        try {
          tracked.reconcileNow = false;
          synchronized (tracked.listingLock) {
            runListing(tracked);
          }
        } catch (BacklogUnavailableException | RuntimeException e) {
          LOG.log(System.Logger.Level.WARNING, "reconciling " + tracked.state.key().describe()
              + " failed: " + e.getMessage() + "; counts stay on events until the next reconcile");
          tracked.lastListing = clock.instant();
        } finally {
          tracked.reconciling.set(false);
        }
      });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      tracked.reconciling.set(false); // closing
    }
  }

  private void runListing(Tracked tracked) throws BacklogUnavailableException {
    CountKey key = tracked.state.key();
    boolean seed = !tracked.state.seeded();
    Instant started = clock.instant();
    long startNanos = System.nanoTime();
    tracked.state.beginListing(started);
    long requests;
    try {
      requests = keyListing.list(key, tracked.state::listed);
    } catch (BacklogUnavailableException | RuntimeException e) {
      tracked.state.abortListing();
      throw e;
    }
    Instant finished = clock.instant();
    long drift = tracked.state.endListing(finished);
    tracked.lastListing = finished;
    tracked.lastDrift = drift;
    decideMode(tracked, drift, finished); // first, so whoever hears of the listing sees its outcome
    listener.reconciled(key, seed, drift, requests, Duration.ofNanos(System.nanoTime() - startNanos));
  }

  private void decideMode(Tracked tracked, long drift, Instant now) {
    NotificationQueue settings = tracked.state.key().notifications();
    if (drift == 0) {
      tracked.driftedInARow = 0;
      setReason(tracked, null);
      return;
    }
    tracked.driftedInARow++;
    Instant last = tracked.queue.feed.lastMessageAt();
    if (last == null || last.isBefore(now.minus(settings.maxQueueSilence()))) {
      setReason(tracked, new Fallback(FallbackReason.QUEUE_SILENT, settings.queueUrl()
          + " delivered no message for longer than " + settings.maxQueueSilence() + " while a reconcile found "
          + drift + " objects changed; counting by listing until a reconcile finds no drift"));
    } else if (tracked.driftedInARow >= 2) {
      setReason(tracked, new Fallback(FallbackReason.EVENTS_MISSING, "two reconciles in a row found changes"
          + " the queue did not deliver (" + drift + " objects now): another consumer of " + settings.queueUrl()
          + ", or bucket notifications that do not cover the prefix; counting by listing until a"
          + " reconcile finds no drift"));
    } else {
      setReason(tracked, null); // corrected; one drifted reconcile can be events in flight
    }
  }

  private void setReason(Tracked tracked, Fallback fallback) {
    if (!Objects.equals(tracked.fallback, fallback)) {
      tracked.fallback = fallback;
      listener.modeChanged(tracked.state.key(), fallback == null ? null : fallback.detail());
    }
  }

  /** Stops queues nobody asked for, starts due reconciles, drops old tombstones. */
  private void sweep() {
    try {
      Instant now = clock.instant();
      synchronized (this) {
        queues.entrySet().removeIf(entry -> {
          Queue queue = entry.getValue();
          if (!queue.lastAsked.isBefore(now.minus(consumerIdle))) {
            return false;
          }
          LOG.log(System.Logger.Level.INFO, "stopped consuming " + entry.getKey()
              + ": none of its triggers was asked for in " + consumerIdle);
          queue.feed.close();
          queue.members.forEach(t -> keys.remove(t.state.key()));
          return true;
        });
        // A trigger gone from a queue that others still use: its pending keys go too.
        keys.values().removeIf(tracked -> {
          boolean idle = tracked.lastAsked.isBefore(now.minus(consumerIdle));
          if (idle) {
            tracked.queue.members.remove(tracked);
          }
          return idle;
        });
        overLimit.values().removeIf(asked -> asked.isBefore(now.minus(consumerIdle)));
      }
      for (Tracked tracked : keys.values()) {
        listingReason(tracked);
        scheduleReconcileIfDue(tracked, now);
        if (now.getEpochSecond() / 60 != tracked.lastPurgeMinute) {
          tracked.lastPurgeMinute = now.getEpochSecond() / 60;
          tracked.state.purge(now);
        }
      }
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "notification sweep failed", e); // next sweep tries again
    }
  }

  /** Why a key counts by listing: the reason, and the line for the log (naming key and queue). */
  private record Fallback(FallbackReason reason, String detail) {}

  /** A consumed queue and the keys fed from it. */
  private final class Queue {
    volatile QueueFeed feed;
    volatile Instant lastAsked = Instant.MIN;
    final List<Tracked> members = new CopyOnWriteArrayList<>();

    void deliver(List<ObjectEvent> events) {
      int changed = 0;
      for (Tracked member : members) {
        changed += member.state.apply(events);
      }
      listener.applied(events.size(), changed);
    }
  }

  /** One key in notification mode. */
  private static final class Tracked {
    final PrefixState state;
    final Queue queue;
    final Object listingLock = new Object();
    final AtomicBoolean reconciling = new AtomicBoolean();
    volatile Instant lastListing;
    volatile long lastDrift;
    volatile Fallback fallback;
    volatile boolean feedFailed;
    volatile boolean reconcileNow;
    volatile long lastPurgeMinute;
    volatile Instant lastAsked = Instant.MIN;
    int driftedInARow;

    Tracked(PrefixState state, Queue queue) {
      this.state = state;
      this.queue = queue;
    }
  }
}
