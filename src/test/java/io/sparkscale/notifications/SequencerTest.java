package io.sparkscale.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SequencerTest {

  @Test
  void shorterIsLeftPaddedWithZerosBeforeComparing() {
    // As strings "9" > "10"; as padded hex "09" < "10".
    assertThat(Sequencer.parse("9")).isLessThan(Sequencer.parse("10"));
    assertThat(Sequencer.parse("0055AED6DCD90281E5")).isLessThan(Sequencer.parse("55AED6DCD90281E6"));
    assertThat(Sequencer.parse("00617F08299329D189")).isEqualByComparingTo(Sequencer.parse("617f08299329d189"));
  }

  @Test
  void usesAllNinetySixBits() {
    Sequencer big = Sequencer.parse("1" + "0".repeat(23));
    Sequencer below = Sequencer.parse("F".repeat(23));
    assertThat(big).isGreaterThan(below);
    assertThat(Sequencer.parse("FFFFFFFFFFFFFFFFFF")).isGreaterThan(Sequencer.parse("7FFFFFFFFFFFFFFFFF"));
    assertThat(Sequencer.parse("8000000000000000")).isGreaterThan(Sequencer.parse("7FFFFFFFFFFFFFFF"));
    assertThat(Sequencer.parse("0055AED6DCD90281E5").toString()).isEqualTo("55AED6DCD90281E5");
  }

  @Test
  void noneIsBeforeEveryRealSequencer() {
    assertThat(Sequencer.NONE).isLessThan(Sequencer.parse("1"));
  }

  @Test
  void refusesWhatIsNotASequencer() {
    assertThatThrownBy(() -> Sequencer.parse("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Sequencer.parse(null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Sequencer.parse("12G4")).hasMessageContaining("not hexadecimal");
    assertThatThrownBy(() -> Sequencer.parse("1" + "0".repeat(24))).hasMessageContaining("longer than 24");
    assertThat(Sequencer.parse("000" + "1" + "0".repeat(23))).isEqualTo(Sequencer.parse("1" + "0".repeat(23)));
  }
}
