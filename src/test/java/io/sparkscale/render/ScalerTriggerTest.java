package io.sparkscale.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkscale.trigger.TriggerSpec.Metric;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ScalerTriggerTest {

  static ScalerTrigger objects(Long target, Long scanLimit) {
    return new ScalerTrigger("s:9090", false, "landing", "in/", null, null, target, null, null, null,
        Duration.ofMinutes(1), scanLimit, null, null, null);
  }

  @Test
  void metadataLeavesOutWhatWasNotGivenSoTheScalersDefaultsApply() {
    assertThat(objects(null, null).metadata())
        .containsExactly(
            java.util.Map.entry("scalerAddress", "s:9090"),
            java.util.Map.entry("bucket", "landing"),
            java.util.Map.entry("prefix", "in/"),
            java.util.Map.entry("metric", "objects"),
            java.util.Map.entry("minObjectAge", "1m"));
  }

  @Test
  void rulesTheScalerAppliesAreAppliedHere() {
    assertThatThrownBy(() -> objects(0L, null)).hasMessageStartingWith("--target-object-count");
    assertThatThrownBy(() -> objects(5L, 100_000_001L)).hasMessageStartingWith("--scan-limit");
    assertThatThrownBy(() -> new ScalerTrigger("s:9090", false, "192.168.1.1", null, null, null, null, null,
        null, null, null, null, null, null, null)).hasMessageStartingWith("--bucket");
    assertThatThrownBy(() -> new ScalerTrigger("s:70000", false, "landing", null, null, null, null, null,
        null, null, null, null, null, null, null)).hasMessageStartingWith("--scaler-address");
    assertThatThrownBy(() -> new ScalerTrigger("s:1", false, "landing", null, null, Metric.BYTES, null, null,
        null, null, null, null, null, null, null)).hasMessageStartingWith("--target-bytes");
    assertThatThrownBy(() -> new ScalerTrigger("s:1", false, "landing", null, null, null, null, null,
        null, null, null, null, null, "ftp://x", null)).hasMessageStartingWith("--s3-endpoint");
  }
}
