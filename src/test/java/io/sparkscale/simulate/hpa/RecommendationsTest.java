package io.sparkscale.simulate.hpa;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Vectors from kubernetes/kubernetes pkg/controller/podautoscaler/horizontal_test.go:
 * TestNormalizeDesiredReplicasWithBehavior (stabilizeRecommendationWithBehaviors; windows the test leaves unset
 * are 0 there too) and TestNormalizeDesiredReplicas (stabilizeRecommendation, 5-minute window).
 */
class RecommendationsTest {

  private static final long NOW = 100_000_000L;
  private static final long MIN = 60_000L;

  /** (value, minutes ago) pairs. */
  private static Recommendations log(int... valueAndMinutesAgo) {
    Recommendations r = new Recommendations();
    for (int i = 0; i < valueAndMinutesAgo.length; i += 2) {
      r.add(valueAndMinutesAgo[i], NOW - valueAndMinutesAgo[i + 1] * MIN);
    }
    return r;
  }

  private static List<Integer> values(Recommendations r) {
    List<Integer> v = new ArrayList<>();
    for (int i = 0; i < r.size(); i++) {
      v.add(r.valueAt(i));
    }
    return v;
  }

  static Stream<Arguments> withBehavior() {
    // name, log, current, desired, up window, down window, expected, expected log (null: not checked)
    return Stream.of(
        Arguments.of("empty recommendations for scaling down", log(), 100, 5, 0, 0, 5, List.of(5)),
        Arguments.of("simple scale down stabilization", log(4, 2, 5, 1), 100, 3, 0, 180, 5, List.of(4, 5, 3)),
        Arguments.of("simple scale up stabilization", log(4, 2, 5, 1), 1, 7, 300, 0, 4, List.of(4, 5, 7)),
        Arguments.of("no scale down stabilization", log(1, 2, 2, 1), 100, 3, 300, 0, 3, List.of(1, 2, 3)),
        Arguments.of("no scale up stabilization", log(4, 2, 5, 1), 1, 3, 0, 300, 3, List.of(4, 5, 3)),
        Arguments.of("no scale down stabilization, reuse recommendation element", log(10, 10, 9, 9), 100, 3, 0, 0, 3,
            List.of(10, 3)),
        Arguments.of("no scale up stabilization, reuse recommendation element", log(10, 10, 9, 9), 1, 100, 0, 0, 100,
            List.of(10, 100)),
        Arguments.of("scale down stabilization, reuse one of obsolete recommendation element",
            log(10, 10, 4, 1, 5, 2, 9, 9), 100, 3, 0, 180, 5, List.of(10, 4, 5, 3)),
        Arguments.of("scale up stabilization, reuse one of obsolete recommendation element",
            log(10, 100, 6, 1, 5, 2, 9, 3), 1, 100, 300, 0, 5, List.of(100, 6, 5, 9)),
        Arguments.of("scale up and down stabilization, do not scale up when prenormalized rec goes down",
            log(2, 100, 3, 3), 2, 1, 300, 300, 2, null),
        Arguments.of("scale up and down stabilization, do not scale down when prenormalized rec goes up",
            log(2, 100, 1, 3), 2, 3, 300, 300, 2, null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("withBehavior")
  void normalizeDesiredReplicasWithBehavior(String name, Recommendations log, int current, int desired, int upWindow,
      int downWindow, int expected, List<Integer> expectedLog) {
    assertThat(log.stabilizeWithBehaviors(NOW, current, desired, upWindow, downWindow)).isEqualTo(expected);
    if (expectedLog != null) {
      assertThat(values(log)).isEqualTo(expectedLog);
    }
  }

  static Stream<Arguments> withoutBehavior() {
    // name, log, desired, expected, expected log length
    return Stream.of(
        Arguments.of("empty log", log(), 5, 5, 1),
        Arguments.of("stabilize", log(4, 2, 5, 1), 3, 5, 3),
        Arguments.of("no stabilize", log(1, 2, 2, 1), 3, 3, 3),
        Arguments.of("no stabilize - old recommendations", log(10, 10, 9, 9), 3, 3, 2),
        Arguments.of("stabilize - old recommendations", log(10, 10, 4, 1, 5, 2, 9, 9), 3, 5, 4));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("withoutBehavior")
  void normalizeDesiredReplicas(String name, Recommendations log, int desired, int expected, int expectedLength) {
    assertThat(log.stabilizeWithoutBehavior(NOW, desired, 5 * MIN)).isEqualTo(expected);
    assertThat(log.size()).isEqualTo(expectedLength);
  }
}
