package io.sparkscale.cli.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkscale.units.InvalidInputException;
import org.junit.jupiter.api.Test;

/** A --sweep-* flag's list: values and FROM..TO:STEP ranges, sorted, without repeats. */
class SweepValuesTest {

  private static final SweepValues.Unit COUNT = SweepValues.whole(0, 1000);

  @Test
  void valuesAndRangesAreSortedWithoutRepeats() {
    assertThat(SweepValues.parse("--f", "50,10,20", COUNT)).containsExactly(10L, 20L, 50L);
    assertThat(SweepValues.parse("--f", " 20, 20 ,10", COUNT)).containsExactly(10L, 20L);
    assertThat(SweepValues.parse("--f", "10..12", COUNT)).containsExactly(10L, 11L, 12L);
    assertThat(SweepValues.parse("--f", "10..45:10", COUNT)).containsExactly(10L, 20L, 30L, 40L);
    assertThat(SweepValues.parse("--f", "0..60:30,45,60", COUNT)).containsExactly(0L, 30L, 45L, 60L);
    assertThat(SweepValues.parse("--f", "7..7", COUNT)).containsExactly(7L);
    assertThat(SweepValues.parse("--f", "1GB..3GB:1GB,512MiB", SweepValues.SIZE))
        .containsExactly(536_870_912L, 1_000_000_000L, 2_000_000_000L, 3_000_000_000L);
  }

  @Test
  void aRangeIsCountedBeforeItIsWalked() {
    // 1 byte apart: 10^9 values would be refused by their count, not after building them.
    assertThatThrownBy(() -> SweepValues.parse("--f", "1..1GB", SweepValues.SIZE))
        .isInstanceOf(InvalidInputException.class).hasMessage("--f: '1..1GB' lists more than 1000 values; use a"
            + " larger step or fewer values");
    assertThat(SweepValues.parse("--f", "1..1000", COUNT)).hasSize(1000);
    assertThatThrownBy(() -> SweepValues.parse("--f", "0..999,1000", COUNT)).hasMessageContaining("more than 1000");
  }

  @Test
  void boundsAreTheUnits() {
    assertThatThrownBy(() -> SweepValues.parse("--f", "1001", COUNT))
        .hasMessage("--f: '1001' is not valid; use whole numbers from 0 to 1000, listed (10,20,50) or as ranges"
            + " (10..100:10)");
    assertThatThrownBy(() -> SweepValues.parse("--f", "5..1001", COUNT)).hasMessageStartingWith("--f: '1001'");
    assertThatThrownBy(() -> SweepValues.parse("--f", " ", COUNT)).hasMessageStartingWith("--f: ' ' is not valid");
    assertThatThrownBy(() -> SweepValues.parse("--f", "1.5", COUNT)).hasMessageStartingWith("--f: '1.5' is not");
  }
}
