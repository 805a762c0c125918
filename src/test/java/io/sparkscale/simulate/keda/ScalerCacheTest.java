package io.sparkscale.simulate.keda;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The rules of io.sparkscale.backlog.BacklogCache as one trigger sees them, listings taking no time. */
class ScalerCacheTest {

  private final AtomicLong backlog = new AtomicLong();

  @Test
  void ttlZeroIsAlwaysExact() {
    ScalerCache cache = new ScalerCache(0);
    backlog.set(5);
    assertThat(cache.ask(0, backlog::get)).isEqualTo(5);
    backlog.set(9);
    assertThat(cache.ask(1, backlog::get)).isEqualTo(9);
  }

  @Test
  void aCountIsReusedUpToTheTtlInclusive() {
    ScalerCache cache = new ScalerCache(10_000);
    backlog.set(5);
    assertThat(cache.ask(0, backlog::get)).isEqualTo(5);
    backlog.set(9);
    assertThat(cache.ask(4_000, backlog::get)).isEqualTo(5);
  }

  /** KEDA polling every 15 s with a 10 s ttl: each call gets the count the previous call caused. */
  @Test
  void aSlowPollerGetsTheCountAtHandAndCausesTheNext() {
    ScalerCache cache = new ScalerCache(10_000);
    backlog.set(1);
    assertThat(cache.ask(0, backlog::get)).isEqualTo(1);
    backlog.set(2);
    assertThat(cache.ask(15_000, backlog::get)).isEqualTo(1);
    backlog.set(3);
    assertThat(cache.ask(30_000, backlog::get)).isEqualTo(2);
    assertThat(cache.refreshDueAt()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void pastMaxStalenessTheCallerWaitsForAFreshCount() {
    ScalerCache cache = new ScalerCache(10_000, 60_000);
    backlog.set(1);
    cache.ask(0, backlog::get);
    backlog.set(7);
    assertThat(cache.ask(60_001, backlog::get)).isEqualTo(7);
  }

  /** Asked again in the second half of the ttl: listed again half a second (two 250 ms ticks) before it ends. */
  @Test
  void aFastPollerIsRefreshedAhead() {
    ScalerCache cache = new ScalerCache(10_000);
    backlog.set(1);
    cache.ask(0, backlog::get);
    assertThat(cache.ask(3_000, backlog::get)).isEqualTo(1);
    assertThat(cache.refreshDueAt()).isEqualTo(Long.MAX_VALUE);
    assertThat(cache.ask(6_000, backlog::get)).isEqualTo(1);
    assertThat(cache.refreshDueAt()).isEqualTo(9_500);
    backlog.set(4);
    cache.refresh(9_500, backlog::get);
    backlog.set(8);
    assertThat(cache.ask(12_000, backlog::get)).isEqualTo(4);
  }
}
