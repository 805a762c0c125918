package io.sparkscale.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The benchmark suite against the packaged application. `./mvnw verify` runs it at smoke scale (does every
 * case run and do the counts agree: behaviour, not speed); `./mvnw -B -Pbench verify` at full scale.
 */
class BenchSuiteIT {

  @Test
  void everyCaseRunsAndCountsAgree() throws Exception {
    List<BenchResult> results = BenchSuite.run(Scale.fromSystemProperty());

    assertThat(results).noneMatch(r -> r.note().startsWith("FAILED"));
    if (System.getProperty("bench.cases", "").isBlank()) {
      assertThat(results).extracting(BenchResult::benchCase).contains("1 count throughput",
        "2 requests per poll cycle", "3 sharded listing", "4 cached GetMetrics", "5 start-up", "6 serve memory",
        NotificationQueuesBench.CASE, OpenLoopBench.HOT_KEY, OpenLoopBench.FLEET, OpenLoopBench.BIG_FLEET,
        CountingRateBench.CASE, ServeIdleBench.CASE, SimulateBench.CASE);
    }
    // Open loop: every scheduled call ended (answer, error or deadline), and calls were answered at all.
    // Failed calls and latency are figures for the full run, not asserted: they depend on the machine.
    assertThat(results).filteredOn(r -> r.figures().containsKey("no_answer"))
        .allSatisfy(r -> {
          assertThat(r.figures().get("no_answer")).as(r.variant()).isEqualTo(0);
          assertThat((Integer) r.figures().get("ok")).as(r.variant()).isPositive();
        });
    assertThat(results).filteredOn(r -> r.figures().containsKey("counts_agree"))
        .allSatisfy(r -> assertThat(r.figures().get("counts_agree")).as(r.variant()).isEqualTo(true));
    assertThat(results).filteredOn(r -> r.figures().containsKey("errors"))
        .allSatisfy(r -> assertThat(r.figures().get("errors")).as(r.variant()).isEqualTo(0));
    assertThat(PackagedApp.appDir().resolve("../bench/results.json").normalize()).exists();
  }
}
