package io.sparkscale.simulate.arrivals;

import java.util.SplittableRandom;

/**
 * Poisson-distributed counts from a seeded generator. Small means by multiplying uniforms (Knuth, TAOCP
 * vol. 2, 3.4.1); from a mean of 10 on by transformed rejection with squeeze, PTRS (W. Hörmann, "The
 * transformed rejection method for generating Poisson random variables", Insurance: Mathematics and
 * Economics 12 (1993) 39-45), whose cost does not grow with the mean.
 */
final class Poisson {

  private static final double PTRS_FROM = 10;
  private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

  private final SplittableRandom random;

  Poisson(SplittableRandom random) {
    this.random = random;
  }

  long sample(double mean) {
    if (mean <= 0) {
      return 0;
    }
    return mean < PTRS_FROM ? multiplication(mean) : ptrs(mean);
  }

  private long multiplication(double mean) {
    double limit = Math.exp(-mean);
    double product = random.nextDouble();
    long count = 0;
    while (product > limit) {
      product *= random.nextDouble();
      count++;
    }
    return count;
  }

  /** Hörmann's constants (section 3 of the paper), for a mean of 10 or more. */
  private long ptrs(double mean) {
    double root = Math.sqrt(mean);
    double logMean = Math.log(mean);
    double b = 0.931 + 2.53 * root;
    double a = -0.059 + 0.02483 * b;
    double inverseAlpha = 1.1239 + 1.1328 / (b - 3.4);
    double vr = 0.9277 - 3.6224 / (b - 2);
    while (true) {
      double u = random.nextDouble() - 0.5;
      double v = random.nextDouble();
      double us = 0.5 - Math.abs(u);
      long k = (long) Math.floor((2 * a / us + b) * u + mean + 0.43);
      if (us >= 0.07 && v <= vr) {
        return k;
      }
      if (k < 0 || (us < 0.013 && v > us)) {
        continue;
      }
      double lhs = Math.log(v) + Math.log(inverseAlpha) - Math.log(a / (us * us) + b);
      double rhs = -mean + k * logMean - logFactorial(k);
      if (lhs <= rhs) {
        return k;
      }
    }
  }

  /** ln(k!): exact below 10, Stirling's series with four terms above (error far below 1e-10 there). */
  static double logFactorial(long k) {
    if (k < 10) {
      double f = 1;
      for (long i = 2; i <= k; i++) {
        f *= i;
      }
      return Math.log(f);
    }
    double n = k + 1; // ln(k!) = lnGamma(k + 1)
    double inverse = 1 / n;
    double inverse2 = inverse * inverse;
    double series = inverse * (1.0 / 12 - inverse2 * (1.0 / 360 - inverse2 * (1.0 / 1260 - inverse2 / 1680)));
    return (n - 0.5) * Math.log(n) - n + HALF_LOG_TWO_PI + series;
  }
}
