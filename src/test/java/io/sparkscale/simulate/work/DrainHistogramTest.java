package io.sparkscale.simulate.work;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class DrainHistogramTest {

  @Test
  void percentilesAreWithinOnePercentOfTheExactOnes() {
    DrainHistogram h = new DrainHistogram();
    Random random = new Random(7);
    double[] values = new double[20_000];
    for (int i = 0; i < values.length; i++) {
      values[i] = Math.exp(random.nextGaussian() * 2 + 3);
      h.add(values[i], 1);
    }
    java.util.Arrays.sort(values);
    double p50 = values[values.length / 2];
    double p95 = values[(int) (values.length * 0.95)];
    assertThat(h.percentile(0.5)).isCloseTo(p50, within(p50 * 0.011));
    assertThat(h.percentile(0.95)).isCloseTo(p95, within(p95 * 0.011));
    assertThat(h.max()).isEqualTo(values[values.length - 1]);
    assertThat(h.total()).isEqualTo(20_000);
  }

  @Test
  void aUniformSpreadHasItsMedianInTheMiddle() {
    DrainHistogram h = new DrainHistogram();
    h.addUniform(100, 300, 1000);
    assertThat(h.percentile(0.5)).isCloseTo(200, within(2.0));
    assertThat(h.percentile(0.95)).isCloseTo(290, within(3.0));
    assertThat(h.max()).isEqualTo(300);
    assertThat(h.total()).isCloseTo(1000, within(1e-9));
  }

  @Test
  void emptyIsZero() {
    assertThat(new DrainHistogram().percentile(0.95)).isZero();
  }
}
