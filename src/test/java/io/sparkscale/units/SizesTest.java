package io.sparkscale.units;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SizesTest {

  @ParameterizedTest
  @CsvSource({
    "1TB, 1000000000000",
    "1tb, 1000000000000",
    "1TiB, 1099511627776",
    "500GB, 500000000000",
    "1.5KB, 1500",
    "2KiB, 2048",
    "1PB, 1000000000000000",
    "1PiB, 1125899906842624",
    "42, 42",
    "42B, 42",
    "10 MB, 10000000"
  })
  void dataSizesHonourSiAndIecUnits(String text, long bytes) {
    assertThat(Sizes.parseDataBytes("--data-size", text)).isEqualTo(bytes);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "0TB", "-1TB", "1XB", "TB", "", "1.2.3GB", "0.0001B"})
  void badDataSizesNameTheOptionAndTheUnits(String text) {
    assertThatThrownBy(() -> Sizes.parseDataBytes("--data-size", text))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("--data-size: '" + text + "'")
        .hasMessageContaining("KiB");
  }

  @ParameterizedTest
  @CsvSource({"0, 0", "0GB, 0", "10GB, 10000000000"})
  void activationSizesMayBeZero(String text, long bytes) {
    assertThat(Sizes.parseDataBytesOrZero("activationTargetBytes", text)).isEqualTo(bytes);
  }

  @ParameterizedTest
  @CsvSource({
    "512m, 512", "8g, 8192", "8gb, 8192", "8G, 8192", "8GiB, 8192", "384GiB, 393216", "512Mi, 512",
    "1t, 1048576", "2048k, 2", "4096, 4096", "1.5g, 1536"
  })
  void memoryIsBinaryWhateverTheSpelling(String text, long mib) {
    assertThat(Sizes.parseMemoryMiB("--executor-memory", text)).isEqualTo(mib);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "0g", "-4g", "4x", "g", "100k"})
  void badMemoryIsRefused(String text) {
    assertThatThrownBy(() -> Sizes.parseMemoryMiB("--executor-memory", text))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("--executor-memory: '" + text + "'")
        .hasMessageContaining("512m");
  }

  @ParameterizedTest
  @CsvSource({"8g, 8192", "512m, 512", "1.5GiB, 1536", "512Mi, 512"})
  void typedMemoryWithAUnitReadsAsSparkDoes(String text, long mib) {
    assertThat(Sizes.parseMemoryMiBWithUnit("--executor-memory", text)).isEqualTo(mib);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "8|has no unit (Spark would read it as MiB); write 8g for GiB or 8m for MiB",
    "4096|write 4096g for GiB or 4096m for MiB",
    "4x|give a unit",
    "0g|must be greater than zero"
  })
  void typedMemoryWithoutAUnitNamesTheUnits(String text, String expected) {
    assertThatThrownBy(() -> Sizes.parseMemoryMiBWithUnit("--executor-memory", text))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("--executor-memory: '" + text + "'")
        .hasMessageContaining(expected);
  }
}
