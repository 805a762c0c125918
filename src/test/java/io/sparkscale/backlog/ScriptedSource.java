package io.sparkscale.backlog;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link BacklogSource} whose answers the test decides: each listing returns the next object count
 * set with {@link #answer}, throws what {@link #fail} set, and can be held until {@link #release}.
 */
final class ScriptedSource implements BacklogSource {

  final AtomicInteger listings = new AtomicInteger();
  final List<String> threadNames = new CopyOnWriteArrayList<>();
  final List<Boolean> daemon = new CopyOnWriteArrayList<>();
  /** The keys listed, in the order their listings started. */
  final List<CountKey> keys = new CopyOnWriteArrayList<>();
  private volatile Duration ttl;
  private volatile long objects;
  private volatile BacklogUnavailableException failure;
  private volatile RuntimeException bug;
  private volatile CountDownLatch gate = new CountDownLatch(0);
  private final CountDownLatch started = new CountDownLatch(1);

  ScriptedSource answer(long objects) {
    this.objects = objects;
    this.failure = null;
    this.bug = null;
    return this;
  }

  ScriptedSource fail(BacklogUnavailableException failure) {
    this.failure = failure;
    return this;
  }

  ScriptedSource bug(RuntimeException bug) {
    this.bug = bug;
    return this;
  }

  /** How long its counts say they may be reused (as a count from event notifications does), or null. */
  ScriptedSource ttl(Duration ttl) {
    this.ttl = ttl;
    return this;
  }

  /** Listings from now on block until {@link #release}. */
  ScriptedSource hold() {
    gate = new CountDownLatch(1);
    return this;
  }

  void release() {
    gate.countDown();
  }

  boolean awaitFirstListing() throws InterruptedException {
    return started.await(5, TimeUnit.SECONDS);
  }

  @Override
  public BacklogCount count(CountKey key) throws BacklogUnavailableException {
    keys.add(key);
    listings.incrementAndGet();
    threadNames.add(Thread.currentThread().getName());
    daemon.add(Thread.currentThread().isDaemon());
    started.countDown();
    try {
      gate.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BacklogUnavailableException("interrupted");
    }
    if (bug != null) {
      throw bug;
    }
    if (failure != null) {
      throw failure;
    }
    BacklogCount count = new BacklogCount(objects, objects * 100, false, 1, Instant.EPOCH, Duration.ZERO);
    Duration reuseFor = ttl;
    return reuseFor == null ? count : count.reusedFor(reuseFor);
  }
}
