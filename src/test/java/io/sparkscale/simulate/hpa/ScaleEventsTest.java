package io.sparkscale.simulate.hpa;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * TestStoreScaleEvents of kubernetes/kubernetes pkg/controller/podautoscaler/horizontal_test.go, the cases with a
 * behavior (without one, storeScaleEvent stores nothing: HorizontalController does not call it then). Each case
 * stores a change of 5 given the rules' longest policy period, after reading the last 60 s.
 */
class ScaleEventsTest {

  private static final long NOW = 10_000_000L;

  /** (change, seconds ago) pairs. */
  private static ScaleEvents history(int... changeAndSecondsAgo) {
    ScaleEvents e = new ScaleEvents();
    for (int i = 0; i < changeAndSecondsAgo.length; i += 2) {
      e.add(changeAndSecondsAgo[i], NOW - changeAndSecondsAgo[i + 1] * 1000L, false);
    }
    return e;
  }

  static Stream<Arguments> cases() {
    // name, history, longest period of the rules, change in the last 60 s before, stored (change, outdated)
    return Stream.of(
        Arguments.of("empty entries with two-policy-behavior", history(), 60, 0, new int[] {5, 0}),
        Arguments.of("one outdated entry to be replaced with behavior", history(7, 61), 60, 0, new int[] {5, 0}),
        Arguments.of("one actual entry to be not touched with behavior", history(7, 58), 60, 7,
            new int[] {7, 0, 5, 0}),
        Arguments.of("two entries, one of them to be replaced", history(7, 61, 6, 59), 60, 6,
            new int[] {5, 0, 6, 0}),
        Arguments.of("replace one entry, use policies with different periods", history(8, 29, 6, 59, 7, 61, 9, 61),
            60, 14, new int[] {8, 0, 6, 0, 7, 1, 5, 0}),
        Arguments.of("two entries, both actual", history(7, 58, 6, 59), 120, 13, new int[] {7, 0, 6, 0, 5, 0}));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void storeScaleEvents(String name, ScaleEvents events, int longestPeriod, int changeBefore, int[] stored) {
    assertThat(events.changeWithin(60, NOW)).isEqualTo(changeBefore);
    events.store(5, NOW, longestPeriod);
    assertThat(events.size()).isEqualTo(stored.length / 2);
    for (int i = 0; i < events.size(); i++) {
      assertThat(events.changeAt(i)).as("change %d", i).isEqualTo(stored[2 * i]);
      assertThat(events.outdatedAt(i)).as("outdated %d", i).isEqualTo(stored[2 * i + 1] == 1);
    }
  }

  /** getReplicasChangePerPeriod keeps events strictly after now - period (Go's time.After). */
  @Test
  void anEventExactlyOnePeriodOldNoLongerCounts() {
    ScaleEvents events = history(4, 60, 3, 59);
    assertThat(events.changeWithin(60, NOW)).isEqualTo(3);
    assertThat(events.changeWithin(61, NOW)).isEqualTo(7);
  }
}
