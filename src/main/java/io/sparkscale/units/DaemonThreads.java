package io.sparkscale.units;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads named "PREFIX1", "PREFIX2", ... that never keep the process alive: a thread dump says which pool
 * each belongs to, and shutdown is decided by `serve`'s own stop, not by a pool someone forgot to close.
 */
public final class DaemonThreads {

  private DaemonThreads() {}

  public static ThreadFactory named(String prefix) {
    AtomicInteger number = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, prefix + number.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
