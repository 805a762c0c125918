package io.sparkscale.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs two contenders in the same rounds, alternating which goes first (ABBA), so drift in the machine's
 * load hits both alike; keeps each round's time.
 */
final class Timed {

  interface Run<T> {
    T run() throws Exception;
  }

  record Pair<T>(List<Double> aMillis, List<Double> bMillis, T lastA, T lastB) {
    double aMedian() {
      return Stats.median(aMillis);
    }

    double bMedian() {
      return Stats.median(bMillis);
    }

    /** Median over rounds of a's time / b's time: each round's pair ran back to back, under the same load. */
    double pairedRatioMedian() {
      List<Double> ratios = new ArrayList<>();
      for (int i = 0; i < aMillis.size(); i++) {
        ratios.add(aMillis.get(i) / bMillis.get(i));
      }
      return Stats.median(ratios);
    }
  }

  private Timed() {}

  static <T> Pair<T> interleave(int warmups, int rounds, Run<T> a, Run<T> b) throws Exception {
    for (int i = 0; i < warmups; i++) {
      a.run();
      b.run();
    }
    List<Double> aTimes = new ArrayList<>();
    List<Double> bTimes = new ArrayList<>();
    T lastA = null;
    T lastB = null;
    for (int i = 0; i < rounds; i++) {
      boolean aFirst = i % 4 == 0 || i % 4 == 3;
      if (aFirst) {
        lastA = time(a, aTimes);
        lastB = time(b, bTimes);
      } else {
        lastB = time(b, bTimes);
        lastA = time(a, aTimes);
      }
    }
    return new Pair<>(aTimes, bTimes, lastA, lastB);
  }

  private static <T> T time(Run<T> run, List<Double> times) throws Exception {
    long start = System.nanoTime();
    T result = run.run();
    times.add(Stats.millis(System.nanoTime() - start));
    return result;
  }
}
