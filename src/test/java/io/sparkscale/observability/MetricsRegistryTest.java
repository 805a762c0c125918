package io.sparkscale.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Counters are looked up by hash on every call, and still written sorted so scrapes are stable. */
class MetricsRegistryTest {

  @Test
  void counterSeriesAreSummedAndWrittenInLabelOrderWhateverOrderTheyCameIn() {
    MetricsRegistry registry = new MetricsRegistry();
    MetricsRegistry.Counter calls = registry.counter("calls_total", "Calls.", "method", "code");
    calls.inc("IsActive", "OK");
    calls.inc("GetMetrics", "UNAVAILABLE");
    calls.add(3, "GetMetrics", "OK");
    calls.inc("IsActive", "OK");

    assertThat(calls.value("IsActive", "OK")).isEqualTo(2);
    assertThat(calls.value("GetMetrics", "OK")).isEqualTo(3);
    assertThat(calls.value("GetMetricSpec", "OK")).isZero();
    assertThat(registry.scrape()).isEqualTo("""
        # HELP calls_total Calls.
        # TYPE calls_total counter
        calls_total{method="GetMetrics",code="OK"} 3
        calls_total{method="GetMetrics",code="UNAVAILABLE"} 1
        calls_total{method="IsActive",code="OK"} 2
        """);
  }

  @Test
  void aCounterRefusesTheWrongNumberOfLabels() {
    MetricsRegistry.Counter calls = new MetricsRegistry().counter("calls_total", "Calls.", "method", "code");

    assertThatThrownBy(() -> calls.inc("IsActive")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("calls_total takes labels [method, code]");
  }
}
