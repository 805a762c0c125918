package io.sparkscale.units;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsAndCpuTest {

  @ParameterizedTest
  @CsvSource({"0s, 0", "500ms, 500", "30s, 30000", "5m, 300000", "1h, 3600000", "1h30m, 5400000"})
  void durations(String text, long millis) {
    Duration parsed = Durations.parse("minObjectAge", text);
    assertThat(parsed.toMillis()).isEqualTo(millis);
    assertThat(Durations.parse("x", Durations.format(parsed))).isEqualTo(parsed);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "10", "-5s", "5 minutes", "1d", "s"})
  void badDurations(String text) {
    assertThatThrownBy(() -> Durations.parse("minObjectAge", text))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("minObjectAge: ")
        .hasMessageContaining("30s");
  }

  @Test
  void zeroIsNotPositive() {
    assertThatThrownBy(() -> Durations.parsePositive("--cache-ttl", "0s"))
        .hasMessageContaining("greater than zero");
  }

  @ParameterizedTest
  @CsvSource({"200m, 200", "0.5, 500", "2, 2000", "0, 0", "1.25, 1250"})
  void cpu(String text, long millis) {
    assertThat(Cpu.parseMillis("--daemonset-cpu", text)).isEqualTo(millis);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-1", "1.2345", "abc", "2 cores"})
  void badCpu(String text) {
    assertThatThrownBy(() -> Cpu.parseMillis("--daemonset-cpu", text))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("--daemonset-cpu: ");
  }

  @Test
  void cpuFormat() {
    assertThat(Cpu.format(4000)).isEqualTo("4");
    assertThat(Cpu.format(3920)).isEqualTo("3920m");
  }
}
