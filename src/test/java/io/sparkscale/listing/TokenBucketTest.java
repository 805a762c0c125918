package io.sparkscale.listing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

  final AtomicLong now = new AtomicLong(1_000_000_000L);
  final List<Long> waits = new ArrayList<>();

  TokenBucket bucket(double perSecond, int burst) {
    return new TokenBucket(perSecond, burst, now::get, nanos -> {
      waits.add(nanos);
      now.addAndGet(nanos); // the sleeper moves time on, as a real sleep would
    });
  }

  @Test
  void aBurstGoesAtOnceThenTheRateHolds() throws Exception {
    TokenBucket budget = bucket(10, 3);
    for (int i = 0; i < 6; i++) {
      budget.acquire();
    }
    // Three free, then one every 100 ms.
    assertThat(waits).containsExactly(100_000_000L, 100_000_000L, 100_000_000L);
  }

  @Test
  void quietTimeBanksNoMoreThanTheBurst() throws Exception {
    TokenBucket budget = bucket(10, 2);
    budget.acquire();
    now.addAndGet(60_000_000_000L); // a quiet minute
    for (int i = 0; i < 4; i++) {
      budget.acquire();
    }
    assertThat(waits).containsExactly(100_000_000L, 100_000_000L);
  }

  @Test
  void callersWaitingTogetherGetSuccessiveSlots() {
    TokenBucket budget = bucket(4, 1);
    assertThat(budget.reserve()).isZero();
    assertThat(budget.reserve()).isEqualTo(250_000_000L);
    assertThat(budget.reserve()).isEqualTo(500_000_000L);
  }

  @Test
  void settingsAreChecked() {
    assertThatThrownBy(() -> new TokenBucket(0, 1)).hasMessageContaining("perSecond");
    assertThatThrownBy(() -> new TokenBucket(10, 0)).hasMessageContaining("burst");
  }
}
