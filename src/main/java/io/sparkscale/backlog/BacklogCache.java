package io.sparkscale.backlog;

import io.sparkscale.units.DaemonThreads;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One shared count per {@link CountKey}, whoever asks: every trigger, GetMetrics and IsActive alike.
 * Callers are never parked: {@link #count} returns a future that is usually complete already.
 *
 * <ul>
 *   <li>A count younger than maxStaleness is answered at once. If it is older than the ttl, a refresh is
 *       queued and the caller still gets the count at hand (stale-while-revalidate).
 *   <li>Refresh ahead: a key asked for again in the second half of its count's ttl is listed again
 *       shortly before its ttl ends, so a poller faster than the ttl never sees an expired count.
 *   <li>Only a key without a usable count (its first, or one older than maxStaleness) makes callers wait,
 *       up to answerWithin, completed by the listing's end or a timer, never by a blocked thread. Past it
 *       they get {@link BacklogUnavailableException} ("count in progress", or the store's error): never a
 *       made-up 0, which would scale a workload to zero.
 *   <li>At most one listing per key is queued or running (single-flight). Listings run on workers that
 *       exist while there is work, up to a bound; beyond it the oldest counts are listed first.
 *   <li>A failure is remembered for {@link CacheSettings#failureHold()}, then the next caller may list again.
 *   <li>Keys nobody asked for in {@link CacheSettings#idleEviction()} are dropped.
 *   <li>A count may carry a shorter ttl than the configured one ({@link BacklogCount#reuseFor()}, e.g. a
 *       count from memory kept by event notifications); every ttl rule then uses that one. The cache never
 *       asks the source about ttls: what it knows of a key is the count it has.
 * </ul>
 *
 * <p>Ages come from the injected clock: a count is fresh for ttl after its listing finished (so a slow
 * listing is not restarted at once), and its staleness is measured from when its listing started (what it
 * describes). Waiting and the refresh-ahead timer use real time.
 */
public final class BacklogCache implements AutoCloseable {

  public static final int DEFAULT_PARALLELISM = 64;
  /** Keys waiting for a worker beyond this are refused rather than queued without bound. */
  static final int MAX_QUEUED = 100_000;

  private final BacklogSource source;
  private final CacheSettings settings;
  private final Clock clock;
  private final BacklogListener listener;
  private final RefreshQueue queue;
  private final ScheduledThreadPoolExecutor timers;
  private final long tickMillis;
  private final Map<CountKey, CacheEntry> entries = new ConcurrentHashMap<>();
  private final AtomicLong nextSweep;
  private volatile long oldestAgeMillis;
  private volatile boolean closed;

  public BacklogCache(
      BacklogSource source, CacheSettings settings, Clock clock, BacklogListener listener) {
    this(source, settings, clock, listener, DEFAULT_PARALLELISM);
  }

  /** @param parallelism listings that may run at once, across all keys */
  public BacklogCache(
      BacklogSource source,
      CacheSettings settings,
      Clock clock,
      BacklogListener listener,
      int parallelism) {
    this(source, settings, clock, listener, parallelism, MAX_QUEUED, true);
  }

  /** @param refreshAheadTimer false: tests call {@link #tick()} themselves, after moving their clock */
  BacklogCache(
      BacklogSource source,
      CacheSettings settings,
      Clock clock,
      BacklogListener listener,
      int parallelism,
      int maxQueued,
      boolean refreshAheadTimer) {
    this.source = Objects.requireNonNull(source, "source");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.listener = Objects.requireNonNullElse(listener, BacklogListener.NONE);
    this.queue = new RefreshQueue(parallelism, maxQueued, this::list);
    // Two threads: the refresh-ahead scan of every key never delays the callers' answer timers.
    this.timers = new ScheduledThreadPoolExecutor(2, DaemonThreads.named("sparkscale-cache-timer-"));
    // A caller's timer is cancelled when its count arrives; drop it then, not at its due time.
    timers.setRemoveOnCancelPolicy(true);
    this.tickMillis = Math.max(20, Math.min(250, settings.ttl().toMillis() / 10));
    this.nextSweep = new AtomicLong(clock.millis() + sweepInterval());
    if (refreshAheadTimer) {
      timers.scheduleWithFixedDelay(this::tickSafely, tickMillis, tickMillis, TimeUnit.MILLISECONDS);
    }
  }

  /**
   * The count for a key. The future is complete at once when a count young enough exists; otherwise it
   * completes when the listing ends or answerWithin passes, whichever is first. It fails only with
   * {@link BacklogUnavailableException}, whose message says why no count can be given.
   */
  public CompletableFuture<BacklogCount> count(CountKey key) {
    Objects.requireNonNull(key, "key");
    if (closed) {
      return CompletableFuture.failedFuture(shuttingDown(key));
    }
    long now = clock.millis();
    sweepIfDue(now);
    CacheEntry entry = entries.computeIfAbsent(key, CacheEntry::new);
    entry.lastAsked = now;

    BacklogCount served = null;
    boolean fresh = false;
    long age = 0;
    Throwable held = null;
    CompletableFuture<BacklogCount> waiting = null;
    boolean refresh = false;
    long priority = 0;
    synchronized (entry) {
      if (entry.good != null) {
        fresh = now - entry.goodFinishedAt <= entry.goodTtl;
        age = now - entry.goodStartedAt;
      }
      boolean failureHeld = entry.failure != null && now < entry.failedAt + holdMillis();
      if (!fresh && !entry.busy() && !failureHeld) {
        entry.queued = true;
        refresh = true;
        priority = entry.good == null ? Long.MIN_VALUE : entry.goodStartedAt;
      }
      if (entry.good != null && (fresh || age <= settings.maxStaleness().toMillis())) {
        served = entry.good;
      } else if (!entry.busy()) {
        held = entry.failure; // no listing coming before the hold ends: the failure is the answer
      } else {
        if (entry.waiting == null) {
          entry.waiting = new CompletableFuture<>();
        }
        waiting = entry.waiting;
      }
    }
    if (refresh) {
      enqueue(entry, priority);
    }
    if (served != null) {
      Duration servedAge = Duration.ofMillis(age);
      if (fresh) {
        notify(() -> listener.cacheHit(key));
      } else {
        notify(() -> listener.staleServed(key, servedAge));
      }
      notify(() -> listener.served(key, servedAge, settings.maxStaleness()));
      return CompletableFuture.completedFuture(served);
    }
    CompletableFuture<BacklogCount> answer = new CompletableFuture<>();
    if (held != null) {
      settle(answer, entry, held);
      return answer;
    }
    return answerWithin(entry, waiting, answer);
  }

  /**
   * {@link #count} for callers that may block (command-line tools, tests): waits at most answerWithin.
   *
   * @throws BacklogUnavailableException when no count young enough can be given; the message says why
   */
  public BacklogCount get(CountKey key) throws BacklogUnavailableException {
    try {
      return count(key).get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof BacklogUnavailableException unavailable
          ? unavailable
          : new BacklogUnavailableException("counting " + key.describe() + " failed: " + e.getCause(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BacklogUnavailableException("interrupted while counting " + key.describe(), e);
    }
  }

  /** Keys with an entry (a count, a failure or a listing in progress). */
  public int size() {
    return entries.size();
  }

  /** Keys waiting for a worker. */
  public int queuedListings() {
    return queue.queued();
  }

  /** Workers listing now. */
  public int runningListings() {
    return queue.running();
  }

  /**
   * The age of the oldest count among keys asked for within maxStaleness, as of the last refresh-ahead
   * tick: what a caller may be served at worst. Near maxStaleness the listings do not keep up.
   */
  public Duration oldestCountAge() {
    return Duration.ofMillis(oldestAgeMillis);
  }

  @Override
  public void close() {
    closed = true;
    timers.shutdownNow();
    queue.shutdown();
    for (CacheEntry entry : entries.values()) {
      CompletableFuture<BacklogCount> waiting;
      synchronized (entry) {
        waiting = entry.waiting;
        entry.waiting = null;
      }
      if (waiting != null) {
        waiting.completeExceptionally(shuttingDown(entry.key));
      }
    }
  }

  /**
   * Refresh-ahead and housekeeping, run every tick (ttl/10, 20 to 250 ms): queues keys asked for again
   * in the second half of their count's ttl whose count is about to expire; updates the oldest-age
   * gauge; evicts idle keys.
   */
  void tick() {
    long now = clock.millis();
    sweepIfDue(now);
    long maxStaleness = settings.maxStaleness().toMillis();
    long oldest = 0;
    for (CacheEntry entry : entries.values()) {
      long priority;
      synchronized (entry) {
        if (entry.good == null) {
          continue;
        }
        long ttl = entry.goodTtl;
        if (now - entry.lastAsked <= maxStaleness) {
          oldest = Math.max(oldest, now - entry.goodStartedAt);
        }
        boolean failureHeld = entry.failure != null && now < entry.failedAt + holdMillis();
        // Only for a key polled faster than its ttl (asked again in the second half of this count's ttl):
        // a slower poller would pay a listing nobody reads, and gets the count at hand at once anyway. Asks
        // right after the count was made are the tail of the burst that asked for it (KEDA's GetMetricSpec,
        // GetMetrics and IsActive of many ScaledObjects at once), not a sign of a fast poller.
        boolean polledOften = entry.lastAsked >= entry.goodFinishedAt + ttl / 2 && now - entry.lastAsked <= ttl;
        if (entry.busy() || failureHeld || !polledOften) {
          continue;
        }
        // Start early enough for a listing as slow as the last one to land before the ttl ends.
        long took = entry.goodFinishedAt - entry.goodStartedAt;
        long lead = Math.min(ttl / 2, 2 * took + 2 * tickMillis);
        if (now - entry.goodFinishedAt < ttl - lead) {
          continue;
        }
        entry.queued = true;
        priority = entry.goodStartedAt;
      }
      enqueue(entry, priority);
    }
    oldestAgeMillis = oldest;
  }

  private void tickSafely() {
    try {
      tick();
    } catch (RuntimeException e) {
      // A periodic task that throws is never run again; the next tick tries anew.
    }
  }

  /** Queues a listing of an entry marked queued; when refused, unmarks it and fails its waiters. */
  private void enqueue(CacheEntry entry, long priority) {
    if (queue.offer(entry, priority)) {
      return;
    }
    CompletableFuture<BacklogCount> waiting;
    synchronized (entry) {
      entry.queued = false;
      waiting = entry.waiting;
      entry.waiting = null;
    }
    if (waiting != null) {
      waiting.completeExceptionally(closed || queue.isShutdown()
          ? shuttingDown(entry.key)
          : new BacklogUnavailableException("too many counts waiting (" + queue.queued()
              + " queued) to count " + entry.key.describe()));
    }
  }

  /** Runs on a worker: one listing, then every caller waiting for it is answered. */
  private void list(CacheEntry entry) {
    synchronized (entry) {
      entry.queued = false;
      entry.listing = true;
    }
    long started = clock.millis();
    notify(() -> listener.countStarted(entry.key));
    BacklogCount count = null;
    Throwable error = null;
    try {
      count = Objects.requireNonNull(source.count(entry.key), "the source returned no count");
    } catch (Throwable t) { // a bug in a source must fail this listing, not the worker silently
      error = t;
    }
    CompletableFuture<BacklogCount> waiting;
    synchronized (entry) {
      entry.listing = false;
      if (error == null) {
        entry.good = count;
        entry.goodTtl = count.ttlUnder(settings.ttl()).toMillis();
        entry.goodStartedAt = started;
        entry.goodFinishedAt = clock.millis();
        entry.failure = null;
      } else {
        entry.failure = error;
        entry.failedAt = clock.millis();
      }
      waiting = entry.waiting;
      entry.waiting = null;
    }
    BacklogCount counted = count;
    Throwable failed = error;
    if (error == null) {
      notify(() -> listener.counted(entry.key, counted));
    } else {
      notify(() -> listener.countFailed(entry.key, failed));
    }
    if (waiting != null) {
      if (error == null) {
        waiting.complete(count);
      } else {
        waiting.completeExceptionally(error);
      }
    }
  }

  /** Completes the caller's answer from the listing it waits for, or from a timer after answerWithin. */
  private CompletableFuture<BacklogCount> answerWithin(
      CacheEntry entry, CompletableFuture<BacklogCount> waiting, CompletableFuture<BacklogCount> answer) {
    ScheduledFuture<?> timer;
    try {
      timer = timers.schedule(
          () -> settle(answer, entry, new BacklogUnavailableException(
              "count in progress for " + entry.key.describe() + " (no count yet; ask again shortly)")),
          settings.answerWithin().toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      answer.completeExceptionally(shuttingDown(entry.key));
      return answer;
    }
    waiting.whenComplete((count, error) -> {
      timer.cancel(false);
      if (error == null) {
        if (answer.complete(count)) {
          Duration age = Duration.ofMillis(Math.max(0, clock.millis() - startedAt(entry, count)));
          notify(() -> listener.served(entry.key, age, settings.maxStaleness()));
        }
      } else {
        settle(answer, entry, error);
      }
    });
    return answer;
  }

  /** Answers with the last good count if young enough, else with the reason none can be given. */
  private void settle(CompletableFuture<BacklogCount> answer, CacheEntry entry, Throwable reason) {
    BacklogCount good;
    long age;
    synchronized (entry) {
      good = entry.good;
      age = good == null ? Long.MAX_VALUE : clock.millis() - entry.goodStartedAt;
    }
    if (good != null && age <= settings.maxStaleness().toMillis()) {
      if (answer.complete(good)) {
        Duration servedAge = Duration.ofMillis(age);
        notify(() -> listener.staleServed(entry.key, servedAge));
        notify(() -> listener.served(entry.key, servedAge, settings.maxStaleness()));
      }
      return;
    }
    answer.completeExceptionally(reason instanceof BacklogUnavailableException unavailable
        ? new BacklogUnavailableException(unavailable.getMessage(), unavailable)
        : new BacklogUnavailableException(
            "counting " + entry.key.describe() + " failed: " + reason, reason));
  }

  private long startedAt(CacheEntry entry, BacklogCount count) {
    synchronized (entry) {
      return entry.good == count ? entry.goodStartedAt : clock.millis();
    }
  }

  private long holdMillis() {
    return settings.failureHold().toMillis();
  }

  private void sweepIfDue(long now) {
    long due = nextSweep.get();
    if (now < due || !nextSweep.compareAndSet(due, now + sweepInterval())) {
      return;
    }
    long idleSince = now - settings.idleEviction().toMillis();
    entries.values().removeIf(e -> {
      synchronized (e) {
        return e.lastAsked < idleSince && !e.busy() && e.waiting == null;
      }
    });
  }

  private long sweepInterval() {
    return settings.idleEviction().dividedBy(10).toMillis();
  }

  private static BacklogUnavailableException shuttingDown(CountKey key) {
    return new BacklogUnavailableException("the scaler is shutting down; not counting " + key.describe());
  }

  private void notify(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      // A broken metrics listener must not break counting; there is nothing better to do with it here.
    }
  }
}
