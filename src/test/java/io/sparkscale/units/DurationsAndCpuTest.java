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

  @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.CsvSource({
    "3000000000000h, too large",
    "9223372036854775807s, too large",
    "9223372036854775808ms, too large",
    "2562047788015h2562047788015h, too large",
    "99999999999999999999999s, too large",
    "1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h, too long",
  })
  void overflowIsABadValueNotACrash(String text, String says) {
    assertThatThrownBy(() -> Durations.parse("minObjectAge", text))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("minObjectAge: ")
        .hasMessageContaining(says);
  }

  @Test
  void repeatedPartsAreRefusedByLengthWithoutRecursion() {
    // A backtracking pattern overflowed the stack on this; the parser refuses it by length at once.
    assertThatThrownBy(() -> Durations.parse("minObjectAge", "1m".repeat(3000)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("too long; use at most 32 characters");
    assertThat(Durations.parse("x", "1m".repeat(16))).isEqualTo(Duration.ofMinutes(16));
  }

  @Test
  void aBoundNamesTheRange() {
    assertThat(Durations.parseAtMost("minObjectAge", "720h", Duration.ofDays(30))).isEqualTo(Duration.ofDays(30));
    assertThatThrownBy(() -> Durations.parseAtMost("minObjectAge", "720h1ms", Duration.ofDays(30)))
        .hasMessageContaining("from 0s to 720h");
  }
}
