package io.sparkscale.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.sparkscale.grpc.StreamRecorder;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A wait that times out fails, naming what it waited for and what it saw last. */
class AwaitTest {

  static final Duration SHORT = Duration.ofMillis(100);

  @Test
  void returnsTheFirstValueThatSatisfies() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    assertThat(Await.until("the third call", SHORT.multipliedBy(20), calls::incrementAndGet, n -> n >= 3))
        .isEqualTo(3);
  }

  @Test
  void aTimeOutFailsNamingWhatAndTheLastValue() {
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(() -> Await.until("a count of 5", SHORT, () -> "count " + calls.incrementAndGet(),
        seen -> false))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith("waited 100 ms for a count of 5; last observed: count ")
        .satisfies(e -> assertThat(calls.get()).as("observed more than once").isGreaterThan(1));
  }

  @Test
  void untilTrueFailsToo() {
    Await.Observation<Boolean> never = () -> false;
    assertThatThrownBy(() -> Await.until("the impossible", SHORT, never, Boolean::booleanValue))
        .isInstanceOf(AssertionError.class).hasMessageContaining("the impossible").hasMessageEndingWith("false");
  }

  @Test
  void successRetriesWhatItMayAndNamesTheLastFailure() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    assertThat(Await.success("an answer", SHORT.multipliedBy(20), () -> {
      if (calls.incrementAndGet() < 3) {
        throw new IOException("not yet " + calls.get());
      }
      return "answer";
    }, e -> e instanceof IOException)).isEqualTo("answer");

    assertThatThrownBy(() -> Await.success("an answer", SHORT, () -> {
      throw new IOException("refused");
    }, e -> e instanceof IOException))
        .isInstanceOf(AssertionError.class).hasMessageContaining("an answer")
        .hasMessageEndingWith("java.io.IOException: refused").hasCauseInstanceOf(IOException.class);

    assertThatThrownBy(() -> Await.success("an answer", SHORT, () -> {
      throw new IllegalStateException("broken");
    }, e -> e instanceof IOException)).as("other failures end the wait at once")
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aStreamThatEndsInsteadOfSendingFailsNamingTheEnd() throws Exception {
    StreamRecorder<String, String> call = new StreamRecorder<>();
    call.onNext("first");
    call.onError(Status.UNAVAILABLE.withDescription("gone").asRuntimeException());
    assertThat(Await.message("the first message", call)).isEqualTo("first");
    assertThatThrownBy(() -> Await.message("a second message", call))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("waited for a second message; got End[status=Status{code=UNAVAILABLE, description=gone");

    StreamRecorder<String, String> other = new StreamRecorder<>();
    other.onNext("a message");
    assertThatThrownBy(() -> Await.end("the end", other))
        .isInstanceOf(AssertionError.class).hasMessageContaining("waited for the end; got Message[value=a message]");
  }
}
