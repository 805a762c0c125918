package io.sparkscale.units;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LazyResourceTest {

  private final AtomicInteger built = new AtomicInteger();
  private final AtomicInteger closed = new AtomicInteger();
  private final LazyResource<AutoCloseable> lazy = new LazyResource<>(() -> {
    built.incrementAndGet();
    return closed::incrementAndGet;
  });

  @Test
  void builtAtTheFirstUseAndOnlyOnce() {
    assertThat(lazy.built()).isFalse();
    assertThat(built).hasValue(0);

    AutoCloseable first = lazy.get();

    assertThat(lazy.get()).isSameAs(first);
    assertThat(built).hasValue(1);
    assertThat(lazy.built()).isTrue();
  }

  @Test
  void closedOnlyIfBuilt() {
    lazy.close();
    assertThat(built).hasValue(0);
    assertThat(closed).hasValue(0);

    LazyResource<AutoCloseable> used = new LazyResource<>(() -> closed::incrementAndGet);
    used.get();
    used.close();
    assertThat(closed).hasValue(1);
  }

  @Test
  void noUseAfterClose() {
    lazy.close();
    assertThatThrownBy(lazy::get).isInstanceOf(IllegalStateException.class).hasMessage("closed");
    assertThat(built).hasValue(0);
  }
}
