package io.sparkscale.grpc;

import io.sparkscale.backlog.BacklogCount;
import io.sparkscale.backlog.BacklogSource;
import io.sparkscale.backlog.BacklogUnavailableException;
import io.sparkscale.backlog.CountKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A store the test controls, standing in for S3 where the behaviour under test is the server's (tests
 * against a real S3 API live in ExternalScalerS3Test): objects per bucket, each 100 bytes; a delay; an
 * outage.
 */
public final class FakeBacklog implements BacklogSource {

  final AtomicInteger listings = new AtomicInteger();
  private final Map<String, Long> objects = new ConcurrentHashMap<>();
  private volatile Duration delay = Duration.ZERO;
  private volatile String outage;

  public FakeBacklog set(String bucket, long count) {
    objects.put(bucket, count);
    return this;
  }

  public FakeBacklog delay(Duration delay) {
    this.delay = delay;
    return this;
  }

  /** Every listing fails with this message until {@link #restore}. */
  public FakeBacklog down(String why) {
    this.outage = why;
    return this;
  }

  public FakeBacklog restore() {
    this.outage = null;
    return this;
  }

  @Override
  public BacklogCount count(CountKey key) throws BacklogUnavailableException {
    listings.incrementAndGet();
    long started = System.nanoTime();
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BacklogUnavailableException("interrupted");
    }
    if (outage != null) {
      throw new BacklogUnavailableException("listing s3://" + key.bucket() + " failed: " + outage);
    }
    long count = objects.getOrDefault(key.bucket(), 0L);
    return new BacklogCount(count, count * 100, false, 1, Instant.now(),
        Duration.ofNanos(System.nanoTime() - started));
  }
}
