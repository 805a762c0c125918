package io.sparkscale.backlog;

import io.sparkscale.units.DaemonThreads;

import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Due listings, oldest count first, run by up to maxWorkers worker threads that exist only while there is
 * work: a worker drains the queue and ends when it is empty; idle threads go after 30 s. When the store's
 * request budget is the limit, the workers wait on it and the queue decides who is listed next.
 */
final class RefreshQueue {

  /** Keys without a count (callers waiting) first, in arrival order; then the oldest counts. */
  private static final Comparator<CacheEntry> ORDER =
      Comparator.<CacheEntry>comparingLong(e -> e.priority).thenComparingLong(e -> e.sequence);

  private final PriorityQueue<CacheEntry> due = new PriorityQueue<>(ORDER);
  private final int maxWorkers;
  private final int maxQueued;
  private final Consumer<CacheEntry> work;
  private final ExecutorService threads;
  private long sequence; // guarded by this
  private int workers; // guarded by this

  RefreshQueue(int maxWorkers, int maxQueued, Consumer<CacheEntry> work) {
    if (maxWorkers < 1) {
      throw new IllegalArgumentException("parallelism must be positive, got " + maxWorkers);
    }
    this.maxWorkers = maxWorkers;
    this.maxQueued = maxQueued;
    this.work = work;
    // No queue in the pool itself: at most maxWorkers loops are ever handed to it (counted below).
    this.threads = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS,
        new SynchronousQueue<>(), DaemonThreads.named("sparkscale-count-"));
  }

  /**
   * Queues a listing of the entry with the given priority (lower first).
   *
   * @return false when the queue is full or shut down; the entry was not queued
   */
  boolean offer(CacheEntry entry, long priority) {
    boolean startWorker;
    synchronized (this) {
      if (due.size() >= maxQueued || threads.isShutdown()) {
        return false;
      }
      entry.priority = priority;
      entry.sequence = sequence++;
      due.add(entry);
      startWorker = workers < maxWorkers;
      if (startWorker) {
        workers++;
      }
    }
    if (startWorker) {
      try {
        threads.execute(this::drain);
      } catch (RejectedExecutionException e) { // shut down meanwhile; close() fails the waiters
        synchronized (this) {
          workers--;
        }
      }
    }
    return true;
  }

  private void drain() {
    while (true) {
      CacheEntry next;
      synchronized (this) {
        next = due.poll();
        if (next == null) {
          workers--;
          return;
        }
      }
      work.accept(next);
    }
  }

  synchronized int queued() {
    return due.size();
  }

  synchronized int running() {
    return workers;
  }

  boolean isShutdown() {
    return threads.isShutdown();
  }

  /** Stops the workers (interrupting listings) and returns what was still queued. */
  java.util.List<CacheEntry> shutdown() {
    threads.shutdownNow();
    synchronized (this) {
      java.util.List<CacheEntry> left = new java.util.ArrayList<>(due);
      due.clear();
      return left;
    }
  }
}
