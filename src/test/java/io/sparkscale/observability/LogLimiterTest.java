package io.sparkscale.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkscale.backlog.BacklogUnavailableException;
import io.sparkscale.backlog.CountKey;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Failure and staleness warnings: one line per key per minute, the next one says how many were held. */
class LogLimiterTest {

  final AtomicLong now = new AtomicLong();
  final LogLimiter limiter = new LogLimiter(Duration.ofMinutes(1), now::get);

  @Test
  void oneLinePerKeyPerPeriodThenTheNumberHeldBack() {
    assertThat(limiter.admit("a")).isZero();
    assertThat(limiter.admit("a")).isEqualTo(-1);
    assertThat(limiter.admit("b")).as("each key has its own minute").isZero();
    now.addAndGet(Duration.ofSeconds(59).toNanos());
    assertThat(limiter.admit("a")).isEqualTo(-1);

    now.addAndGet(Duration.ofSeconds(1).toNanos());
    assertThat(limiter.admit("a")).as("two held back before this one").isEqualTo(2);
    assertThat(limiter.admit("a")).isEqualTo(-1);
    now.addAndGet(Duration.ofMinutes(5).toNanos());
    assertThat(limiter.admit("a")).isEqualTo(1);
  }

  @Test
  void failuresAreCountedEveryTimeButLoggedOncePerKeyPerMinute() {
    ScalerMetrics metrics = new ScalerMetrics("test", now::get);
    CountKey key = new CountKey("", "", false, "landing", "in/", "", Duration.ZERO, 10);
    for (int i = 0; i < 100; i++) {
      metrics.countFailed(key, new BacklogUnavailableException("s3://landing/in/: connection refused"));
    }
    assertThat(metrics.registry().scrape()).contains("sparkscale_count_errors_total 100");

    metrics.served(key, Duration.ofSeconds(50), Duration.ofSeconds(60));
    metrics.served(key, Duration.ofSeconds(3), Duration.ofSeconds(60));
    assertThat(metrics.registry().scrape())
        .contains("sparkscale_served_count_age_seconds_count 2")
        .contains("sparkscale_served_count_age_seconds_bucket{le=\"5\"} 1");
  }
}
