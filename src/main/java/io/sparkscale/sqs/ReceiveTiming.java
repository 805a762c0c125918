package io.sparkscale.sqs;

import java.time.Duration;

/**
 * How long one receive may take, derived from the staleness budget (`serve --max-staleness`): a count kept
 * from a queue is as old as its last completed receive, so a receive must complete, or fail, well within
 * the budget. The long poll waits a third of it (at most SQS's 20 s), an attempt gets 5 s more than that,
 * and a whole call with its retries never outlasts the budget.
 *
 * @param waitSeconds the long poll's WaitTimeSeconds (0 to 20)
 * @param attemptTimeout one HTTP attempt, the long poll included
 * @param callTimeout the whole call, retries included
 */
public record ReceiveTiming(int waitSeconds, Duration attemptTimeout, Duration callTimeout) {

  /** The longest long poll SQS allows: an idle queue then costs 3 receives a minute. */
  static final int MAX_WAIT_SECONDS = 20;
  /** Beyond the long poll, for the request and its answer to travel. */
  static final Duration GRACE = Duration.ofSeconds(5);

  public ReceiveTiming {
    if (waitSeconds < 0 || waitSeconds > MAX_WAIT_SECONDS) {
      throw new IllegalArgumentException("waitSeconds must be 0 to 20, got " + waitSeconds);
    }
  }

  public static ReceiveTiming forBudget(Duration budget) {
    int wait = (int) Math.min(MAX_WAIT_SECONDS, budget.toSeconds() / 3);
    Duration attempt = min(budget, Duration.ofSeconds(wait).plus(GRACE));
    return new ReceiveTiming(wait, attempt, budget);
  }

  /** A fixed long poll (tests), with room for three attempts. */
  static ReceiveTiming forWait(int waitSeconds) {
    Duration attempt = Duration.ofSeconds(waitSeconds).plus(GRACE);
    return new ReceiveTiming(waitSeconds, attempt, attempt.multipliedBy(3));
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
