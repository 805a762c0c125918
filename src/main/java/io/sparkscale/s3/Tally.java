package io.sparkscale.s3;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Matches, bytes and requests of one count, shared by the ranges listed for it. The scan limit is global:
 * once that many matches are found every range stops. Bytes are summed over the first {@code limit}
 * matches seen; with one range that is the first in key order, as a sequential listing counts them.
 */
final class Tally {

  private final long limit;
  private final AtomicLong matched = new AtomicLong();
  private final LongAdder bytes = new LongAdder();
  private final LongAdder requests = new LongAdder();
  private volatile boolean stopped;

  Tally(long limit) {
    this.limit = limit;
  }

  /** Counts one matching object; false once the limit is reached (the lister then stops). */
  boolean match(long size) {
    long n = matched.incrementAndGet();
    if (n <= limit) {
      bytes.add(size);
    }
    if (n >= limit) {
      stopped = true;
      return false;
    }
    return true;
  }

  void request() {
    requests.increment();
  }

  /** Requests made for this count outside the ranges (the claims listing). */
  void requests(long n) {
    requests.add(n);
  }

  /** Another range failed or the limit was reached: stop listing. */
  void stop() {
    stopped = true;
  }

  boolean stopped() {
    return stopped;
  }

  long objects() {
    return Math.min(matched.get(), limit);
  }

  boolean limitReached() {
    return matched.get() >= limit;
  }

  long bytes() {
    return bytes.sum();
  }

  long requests() {
    return requests.sum();
  }
}
