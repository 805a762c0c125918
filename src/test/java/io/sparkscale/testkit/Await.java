package io.sparkscale.testkit;

import io.sparkscale.grpc.StreamRecorder;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * Waits in tests that fail when they time out: the AssertionError names what was awaited and the last
 * value seen, so a slow machine and a broken feature read differently. Generous default timeouts; a wait
 * that succeeds returns as soon as the condition holds, so they cost nothing when things work.
 */
public final class Await {

  /** Long enough for a loaded 2-core machine shared by several builds. */
  public static final Duration DEFAULT = Duration.ofSeconds(30);
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  /** What the wait looks at; may throw (a call that fails for now, I/O). */
  @FunctionalInterface
  public interface Observation<T> {
    T get() throws Exception;
  }

  private Await() {}

  /** Observes until {@code done} accepts the value, within {@link #DEFAULT}; returns that value. */
  public static <T> T until(String what, Observation<T> observe, Predicate<? super T> done) throws Exception {
    return until(what, DEFAULT, observe, done);
  }

  /** Observes until {@code done} accepts the value; fails naming {@code what} and the last value after {@code within}. */
  public static <T> T until(String what, Duration within, Observation<T> observe, Predicate<? super T> done)
      throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      T value = observe.get();
      if (done.test(value)) {
        return value;
      }
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("waited " + describe(within) + " for " + what + "; last observed: " + value);
      }
      TimeUnit.NANOSECONDS.sleep(POLL_NANOS);
    }
  }

  /** Waits until the condition holds, within {@link #DEFAULT}. */
  public static void untilTrue(String what, BooleanSupplier condition) throws Exception {
    until(what, DEFAULT, condition::getAsBoolean, Boolean::booleanValue);
  }

  /**
   * Calls until the call returns, retrying while it throws what {@code retry} accepts (a first count
   * still in progress); any other exception ends the wait at once. On time-out the last failure is the cause.
   */
  public static <T> T success(String what, Duration within, Observation<T> call, Predicate<? super Exception> retry)
      throws Exception {
    Object[] failure = new Object[1];
    Observation<Attempt<T>> attempt = () -> {
      try {
        return new Attempt<>(call.get(), null);
      } catch (Exception e) {
        if (!retry.test(e)) {
          throw e;
        }
        failure[0] = e;
        return new Attempt<>(null, e);
      }
    };
    try {
      return until(what, within, attempt, a -> a.failure() == null).value();
    } catch (AssertionError timedOut) {
      if (failure[0] instanceof Exception last) {
        timedOut.initCause(last);
      }
      throw timedOut;
    }
  }

  /** The next message of a call; fails naming {@code what} and what came instead (its end, or nothing). */
  public static <T> T message(String what, StreamRecorder<?, T> call) throws InterruptedException {
    StreamRecorder.Event<T> event = call.poll(DEFAULT);
    if (event instanceof StreamRecorder.Message<T> message) {
      return message.value();
    }
    throw new AssertionError("waited for " + what + "; got " + (event == null ? "nothing within " + describe(DEFAULT) : event));
  }

  /** The end of a call (its status, OK when completed); fails naming {@code what} and what came instead. */
  public static io.grpc.Status end(String what, StreamRecorder<?, ?> call) throws InterruptedException {
    StreamRecorder.Event<?> event = call.poll(DEFAULT);
    if (event instanceof StreamRecorder.End<?> end) {
      return end.status();
    }
    throw new AssertionError("waited for " + what + "; got " + (event == null ? "nothing within " + describe(DEFAULT) : event));
  }

  private static String describe(Duration within) {
    return within.toMillis() % 1000 == 0 ? within.toSeconds() + " s" : within.toMillis() + " ms";
  }

  private record Attempt<T>(T value, Exception failure) {
    @Override
    public String toString() {
      return failure == null ? String.valueOf(value) : failure.toString();
    }
  }
}
