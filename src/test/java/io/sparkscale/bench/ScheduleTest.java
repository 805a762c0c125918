package io.sparkscale.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkscale.bench.Schedule.Rpc;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScheduleTest {

  @Test
  void fixedRateSpacesCallsEvenly() {
    Schedule schedule = Schedule.getMetricsAt(500, Duration.ofSeconds(3), 0);

    assertThat(schedule.size()).isEqualTo(1_500);
    assertThat(schedule.callsPerSecond()).isEqualTo(500.0);
    assertThat(schedule.due[1] - schedule.due[0]).isEqualTo(2_000_000);
    assertThat(schedule.due[1_499]).isEqualTo(2_998_000_000L);
    assertThat(schedule.rpc(700)).isEqualTo(Rpc.GET_METRICS);
  }

  @Test
  void kedaMixSendsFiveCallsPerTriggerAndPeriodInDueOrder() {
    Schedule schedule = Schedule.kedaMix(3, Duration.ofSeconds(1), Duration.ofSeconds(2));

    assertThat(schedule.size()).isEqualTo(3 * 5 * 2);
    assertThat(schedule.callsPerSecond()).isEqualTo(15.0);
    Map<String, Integer> perTriggerAndRpc = new HashMap<>();
    for (int i = 0; i < schedule.size(); i++) {
      if (i > 0) {
        assertThat(schedule.due[i]).isGreaterThanOrEqualTo(schedule.due[i - 1]);
      }
      assertThat(schedule.due[i]).isBetween(0L, Duration.ofSeconds(2).toNanos() - 1);
      perTriggerAndRpc.merge(schedule.trigger[i] + " " + schedule.rpc(i), 1, Integer::sum);
    }
    for (int t = 0; t < 3; t++) {
      assertThat(perTriggerAndRpc).containsEntry(t + " GET_METRIC_SPEC", 2).containsEntry(t + " IS_ACTIVE", 2)
          .containsEntry(t + " GET_METRICS", 2 + 4); // the poll's, and the HPA's every half period
    }
  }

  @Test
  void kedaMixSpreadsTheTriggersPollsOverThePeriod() {
    Schedule schedule = Schedule.kedaMix(4, Duration.ofSeconds(2), Duration.ofSeconds(2));

    Map<Integer, Long> firstSpec = new HashMap<>();
    for (int i = 0; i < schedule.size(); i++) {
      if (schedule.rpc(i) == Rpc.GET_METRIC_SPEC) {
        firstSpec.putIfAbsent(schedule.trigger[i], schedule.due[i]);
      }
    }
    assertThat(firstSpec).containsEntry(0, 0L).containsEntry(1, 500_000_000L).containsEntry(2, 1_000_000_000L)
        .containsEntry(3, 1_500_000_000L);
  }
}
