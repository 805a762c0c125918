package io.sparkscale.backlog;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One shared count per {@link CountKey}, whoever asks: every trigger, GetMetrics and IsActive alike.
 *
 * <ul>
 *   <li>A count younger than the ttl is answered at once.
 *   <li>Otherwise one listing runs per key (single-flight); concurrent callers wait on the same one.
 *   <li>A caller waits at most answerWithin. If the listing is not done by then, or fails, the freshest
 *       count not older than maxStaleness is served; without one the caller gets
 *       {@link BacklogUnavailableException} ("count in progress", or the store's error): never a made-up 0,
 *       which would scale a workload to zero.
 *   <li>A failure is remembered for {@link CacheSettings#failureHold()}, then the next caller may list again.
 *   <li>Keys nobody asked for in {@link CacheSettings#idleEviction()} are dropped.
 * </ul>
 *
 * <p>Ages come from the injected clock: a count is fresh for ttl after its listing finished (so a slow
 * listing is not restarted at once), and its staleness is measured from when its listing started (what it
 * describes). Waiting uses real time.
 */
public final class BacklogCache implements AutoCloseable {

  public static final int DEFAULT_PARALLELISM = 8;
  /** Listings waiting for a thread beyond this are refused rather than queued without bound. */
  static final int MAX_QUEUED = 10_000;

  private final BacklogSource source;
  private final CacheSettings settings;
  private final Clock clock;
  private final BacklogListener listener;
  private final ThreadPoolExecutor executor;
  private final Map<CountKey, Entry> entries = new ConcurrentHashMap<>();
  private final AtomicReference<Instant> nextSweep;

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
    this(source, settings, clock, listener, parallelism, MAX_QUEUED);
  }

  BacklogCache(
      BacklogSource source,
      CacheSettings settings,
      Clock clock,
      BacklogListener listener,
      int parallelism,
      int maxQueued) {
    this.source = Objects.requireNonNull(source, "source");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.listener = Objects.requireNonNullElse(listener, BacklogListener.NONE);
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be positive, got " + parallelism);
    }
    this.executor =
        new ThreadPoolExecutor(
            parallelism, parallelism, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(maxQueued),
            namedDaemonThreads());
    executor.allowCoreThreadTimeOut(true);
    this.nextSweep = new AtomicReference<>(clock.instant().plus(sweepInterval()));
  }

  /**
   * The count for a key, within answerWithin.
   *
   * @throws BacklogUnavailableException when no count young enough can be given; the message says why
   */
  public BacklogCount get(CountKey key) throws BacklogUnavailableException {
    Instant now = clock.instant();
    sweepIfDue(now);
    Entry entry = entries.computeIfAbsent(key, Entry::new);
    entry.lastAsked = now;

    CompletableFuture<BacklogCount> listing = null;
    Failure heldFailure = null;
    BacklogCount fresh = null;
    synchronized (entry) {
      if (entry.good != null && !now.isAfter(entry.goodFinishedAt.plus(settings.ttl()))) {
        fresh = entry.good;
      } else if (entry.inFlight == null
          && entry.failure != null
          && now.isBefore(entry.failure.at().plus(settings.failureHold()))) {
        heldFailure = entry.failure;
      } else {
        listing = entry.inFlight != null ? entry.inFlight : startListing(entry);
      }
    }
    if (fresh != null) {
      notify(() -> listener.cacheHit(key));
      return fresh;
    }
    if (heldFailure != null) {
      return staleOrThrow(entry, heldFailure.error());
    }
    return await(entry, listing);
  }

  /** Keys with an entry (a count, a failure or a listing in progress). */
  public int size() {
    return entries.size();
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }

  /** Called holding the entry's lock, so at most one listing per key is ever in flight. */
  private CompletableFuture<BacklogCount> startListing(Entry entry) {
    CompletableFuture<BacklogCount> listing = new CompletableFuture<>();
    entry.inFlight = listing;
    try {
      executor.execute(() -> list(entry, listing));
    } catch (RejectedExecutionException e) {
      finish(
          entry,
          listing,
          null,
          new BacklogUnavailableException(
              executor.isShutdown()
                  ? "the scaler is shutting down; not counting " + entry.key.describe()
                  : "too many counts waiting (" + executor.getQueue().size() + " queued) to count "
                      + entry.key.describe()));
    }
    return listing;
  }

  private void list(Entry entry, CompletableFuture<BacklogCount> listing) {
    Instant started = clock.instant();
    notify(() -> listener.countStarted(entry.key));
    BacklogCount count = null;
    Throwable error = null;
    try {
      count = Objects.requireNonNull(source.count(entry.key), "the source returned no count");
    } catch (Throwable t) { // a bug in a source must fail this listing, not the pool thread silently
      error = t;
    }
    if (error == null) {
      synchronized (entry) {
        entry.goodStartedAt = started;
        entry.goodFinishedAt = clock.instant();
        entry.good = count;
      }
      BacklogCount counted = count;
      notify(() -> listener.counted(entry.key, counted));
    }
    finish(entry, listing, count, error);
  }

  private void finish(
      Entry entry, CompletableFuture<BacklogCount> listing, BacklogCount count, Throwable error) {
    synchronized (entry) {
      entry.inFlight = null;
      entry.failure = error == null ? null : new Failure(error, clock.instant());
    }
    if (error == null) {
      listing.complete(count);
    } else {
      notify(() -> listener.countFailed(entry.key, error));
      listing.completeExceptionally(error);
    }
  }

  private BacklogCount await(Entry entry, CompletableFuture<BacklogCount> listing)
      throws BacklogUnavailableException {
    try {
      return listing.get(settings.answerWithin().toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      return staleOrThrow(
          entry,
          new BacklogUnavailableException(
              "count in progress for " + entry.key.describe() + " (no count yet; ask again shortly)"));
    } catch (ExecutionException e) {
      return staleOrThrow(entry, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BacklogUnavailableException("interrupted while counting " + entry.key.describe(), e);
    }
  }

  /** The last good count if young enough, else the reason none can be given. */
  private BacklogCount staleOrThrow(Entry entry, Throwable reason) throws BacklogUnavailableException {
    BacklogCount good;
    Duration age;
    synchronized (entry) {
      good = entry.good;
      age = good == null ? null : Duration.between(entry.goodStartedAt, clock.instant());
    }
    if (good != null && age.compareTo(settings.maxStaleness()) <= 0) {
      notify(() -> listener.staleServed(entry.key, age));
      return good;
    }
    if (reason instanceof BacklogUnavailableException unavailable) {
      throw new BacklogUnavailableException(unavailable.getMessage(), unavailable);
    }
    throw new BacklogUnavailableException(
        "counting " + entry.key.describe() + " failed: " + reason, reason);
  }

  private void sweepIfDue(Instant now) {
    Instant due = nextSweep.get();
    if (now.isBefore(due) || !nextSweep.compareAndSet(due, now.plus(sweepInterval()))) {
      return;
    }
    Instant idleSince = now.minus(settings.idleEviction());
    entries.values().removeIf(e -> e.lastAsked.isBefore(idleSince) && e.inFlight == null);
  }

  private Duration sweepInterval() {
    return settings.idleEviction().dividedBy(10);
  }

  private void notify(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      // A broken metrics listener must not break counting; there is nothing better to do with it here.
    }
  }

  private static ThreadFactory namedDaemonThreads() {
    AtomicInteger number = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, "sparkscale-count-" + number.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  private record Failure(Throwable error, Instant at) {}

  /** Per-key state; fields other than lastAsked are guarded by the entry's lock. */
  private static final class Entry {
    final CountKey key;
    volatile Instant lastAsked = Instant.MIN;
    BacklogCount good;
    Instant goodStartedAt;
    Instant goodFinishedAt;
    Failure failure;
    volatile CompletableFuture<BacklogCount> inFlight;

    Entry(CountKey key) {
      this.key = key;
    }
  }
}
