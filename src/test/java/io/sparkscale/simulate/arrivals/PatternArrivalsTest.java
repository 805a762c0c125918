package io.sparkscale.simulate.arrivals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.sparkscale.simulate.Arrival;
import io.sparkscale.units.InvalidInputException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PatternArrivalsTest {

  static List<Arrival> arrivals(String spec, Duration duration, long objectSize, long seed) {
    List<Arrival> out = new ArrayList<>();
    new PatternArrivals(PatternSpec.parse("--pattern", spec), duration, objectSize, seed).forEachRemaining(out::add);
    return out;
  }

  static long objects(List<Arrival> arrivals) {
    return arrivals.stream().mapToLong(Arrival::objects).sum();
  }

  @Test
  void steadyGivesTheRateEverySecondAndBytesFromTheObjectSize() {
    List<Arrival> a = arrivals("steady:rate=10/s", Duration.ofMinutes(1), 100, 1);
    assertThat(a).hasSize(60).allSatisfy(x -> assertThat(x.objects()).isEqualTo(10));
    assertThat(a.get(59)).isEqualTo(new Arrival(59_000, 10, 1_000));
  }

  @Test
  void aFractionalSteadyRateNeverDrifts() {
    List<Arrival> a = arrivals("steady:rate=150/m", Duration.ofHours(1), 0, 1); // 2.5/s
    assertThat(objects(a)).isEqualTo(9_000);
    assertThat(a).extracting(Arrival::objects).containsOnly(2L, 3L);
  }

  @Test
  void aSlowSteadyRateSpacesSingleObjects() {
    List<Arrival> a = arrivals("steady:rate=6/m", Duration.ofMinutes(1), 0, 1);
    assertThat(a).extracting(Arrival::atMillis).containsExactly(0L, 10_000L, 20_000L, 30_000L, 40_000L, 50_000L);
  }

  @Test
  void burstsComeEveryPeriodFromTheStart() {
    assertThat(arrivals("burst:every=1h,objects=5000,start=10m", Duration.ofHours(3), 1, 1))
        .containsExactly(new Arrival(600_000, 5000, 5000), new Arrival(4_200_000, 5000, 5000),
            new Arrival(7_800_000, 5000, 5000));
  }

  @Test
  void poissonCountsHaveTheRateAsMeanAndVarianceAndTheSeedDecides() {
    List<Arrival> a = arrivals("poisson:rate=40/s", Duration.ofHours(2), 0, 7);
    double seconds = 7200;
    double mean = objects(a) / seconds;
    double variance = a.stream().mapToDouble(x -> Math.pow(x.objects() - mean, 2)).sum() / seconds;
    assertThat(mean).isCloseTo(40, within(0.5));
    assertThat(variance).isCloseTo(40, within(3.0));
    assertThat(arrivals("poisson:rate=40/s", Duration.ofHours(2), 0, 7)).isEqualTo(a);
    assertThat(arrivals("poisson:rate=40/s", Duration.ofHours(2), 0, 8)).isNotEqualTo(a);
  }

  @Test
  void bothSamplersMatchThePoissonMeanAndVariance() {
    for (double mean : new double[] {0.3, 4, 9.9, 10, 55, 5000}) {
      Poisson poisson = new Poisson(new SplittableRandom(42));
      int n = 200_000;
      double sum = 0;
      double sumSquares = 0;
      for (int i = 0; i < n; i++) {
        long k = poisson.sample(mean);
        sum += k;
        sumSquares += (double) k * k;
      }
      double m = sum / n;
      double v = sumSquares / n - m * m;
      // Standard error of the mean is sqrt(mean / n); allow five of them.
      assertThat(m).as("mean %s", mean).isCloseTo(mean, within(5 * Math.sqrt(mean / n)));
      assertThat(v / mean).as("variance / mean at %s", mean).isCloseTo(1, within(0.03));
    }
  }

  @Test
  void logFactorialIsExactEnoughOnBothSidesOfTheSwitch() {
    double exact = 0;
    for (int k = 1; k <= 200; k++) {
      exact += Math.log(k);
      assertThat(Poisson.logFactorial(k)).as("ln %d!", k).isCloseTo(exact, within(1e-9 * Math.max(1, exact)));
    }
  }

  @Test
  void diurnalPeaksAtItsHourAndBottomsHalfADayLater() {
    PatternArrivals p = new PatternArrivals(PatternSpec.parse("--pattern", "diurnal:peak=50/s,trough=1/s,peak-at=14h"),
        Duration.ofDays(1), 0, 1);
    assertThat(p.diurnalRate(Duration.ofHours(14).toMillis())).isCloseTo(50, within(1e-9));
    assertThat(p.diurnalRate(Duration.ofHours(2).toMillis())).isCloseTo(1, within(1e-9));
    List<Arrival> day = arrivals("diurnal:peak=50/s,trough=1/s", Duration.ofDays(1), 0, 3);
    // The mean of the curve is (peak + trough) / 2.
    assertThat(objects(day) / 86_400.0).isCloseTo(25.5, within(0.1));
    long peakHour = day.stream().filter(x -> x.atMillis() >= 11.5 * 3_600_000 && x.atMillis() < 12.5 * 3_600_000)
        .mapToLong(Arrival::objects).sum();
    long troughHour = day.stream().filter(x -> x.atMillis() < 1_800_000 || x.atMillis() >= 23.5 * 3_600_000)
        .mapToLong(Arrival::objects).sum();
    assertThat(peakHour).isGreaterThan(20 * troughHour);
  }

  @Test
  void describeShowsEveryKeyWithItsDefault() {
    assertThat(PatternSpec.parse("--pattern", "DIURNAL: peak=50/s , trough=60/m").describe())
        .isEqualTo("diurnal:peak=50/s,trough=1/s,period=24h,peak-at=12h");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      unknown kind       | sawtooth:rate=1/s                 | --pattern: unknown pattern 'sawtooth'; use steady:rate=10/s
      missing key        | steady                            | --pattern: steady needs rate=; use steady:rate=...
      unknown key        | steady:rate=1/s,jitter=2          | --pattern: steady has no key 'jitter'; use steady:rate=...
      not key=value      | poisson:10/s                      | --pattern: '10/s' is not KEY=VALUE; use poisson:rate=...
      twice              | steady:rate=1/s,rate=2/s          | --pattern: rate is given twice
      bad rate unit      | steady:rate=10/d                  | --pattern steady rate: '10/d' is not valid; use a number per s, m or h
      rate without unit  | steady:rate=10                    | --pattern steady rate: '10' is not valid; use a number per s, m or h
      zero rate          | poisson:rate=0/s                  | must be greater than zero
      negative rate      | poisson:rate=-1/s                 | --pattern poisson rate: '-1/s' does not start with a number
      zero period        | burst:every=0s,objects=5          | --pattern burst every: '0s' is not valid; use a duration such as 500ms
      zero objects       | burst:every=1h,objects=0          | --pattern burst objects: '0' is not valid; use a whole number of 1 or more
      trough above peak  | diurnal:peak=1/s,trough=2/s       | --pattern: diurnal trough is above its peak
      """)
  void badSpecsNameTheKeyAndTheForm(String what, String spec, String message) {
    assertThatThrownBy(() -> PatternSpec.parse("--pattern", spec)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(message);
  }
}
