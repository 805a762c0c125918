package io.sparkscale.simulate.sweep;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The settings no other setting beats on both cost and p95 time-to-drain, and the one to recommend.
 *
 * <p>Recommendation rule: with a p95 goal, the cheapest front point that meets it (none meets it: the one with
 * the lowest p95). Without a goal, the knee of the front: cost and p95 each scaled to 0..1 over the front, the
 * point nearest to (0, 0) by Euclidean distance; a tie goes to the cheaper point.
 */
public final class ParetoFront {

  private static final Comparator<SweepPoint> BY_COST_THEN_P95 =
      Comparator.comparingDouble(SweepPoint::cost).thenComparingDouble(SweepPoint::p95Seconds);

  private ParetoFront() {}

  /** Complete points not dominated by another (no worse on both, better on one), cheapest first. */
  public static List<SweepPoint> of(List<SweepPoint> points) {
    List<SweepPoint> sorted = new ArrayList<>();
    for (SweepPoint p : points) {
      if (p.complete()) {
        sorted.add(p);
      }
    }
    sorted.sort(BY_COST_THEN_P95);
    List<SweepPoint> front = new ArrayList<>();
    double bestP95 = Double.POSITIVE_INFINITY;
    for (SweepPoint p : sorted) {
      // Sorted by cost: a point is on the front when its p95 beats every cheaper (or equally cheap) one.
      if (p.p95Seconds() < bestP95) {
        front.add(p);
        bestP95 = p.p95Seconds();
      }
    }
    return front;
  }

  /** The recommended point of a front (cheapest first), or null for an empty front. */
  public static Recommendation recommend(List<SweepPoint> front, Double p95GoalSeconds) {
    if (front.isEmpty()) {
      return new Recommendation(null, "no setting processed every arrival");
    }
    if (p95GoalSeconds != null) {
      for (SweepPoint p : front) {
        if (p.p95Seconds() <= p95GoalSeconds) {
          return new Recommendation(p, "the cheapest setting whose p95 time-to-drain meets the goal of "
              + seconds(p95GoalSeconds) + " s");
        }
      }
      SweepPoint fastest = front.get(front.size() - 1);
      return new Recommendation(fastest, "no setting meets the p95 goal of " + seconds(p95GoalSeconds)
          + " s; this one drains fastest");
    }
    double minCost = front.get(0).cost();
    double maxCost = front.get(front.size() - 1).cost();
    double minP95 = front.get(front.size() - 1).p95Seconds();
    double maxP95 = front.get(0).p95Seconds();
    SweepPoint best = null;
    double bestDistance = Double.POSITIVE_INFINITY;
    for (SweepPoint p : front) {
      double c = scaled(p.cost(), minCost, maxCost);
      double d = scaled(p.p95Seconds(), minP95, maxP95);
      double distance = Math.hypot(c, d);
      if (distance < bestDistance) {
        bestDistance = distance;
        best = p;
      }
    }
    return new Recommendation(best, "the knee of the front: nearest to both the lowest cost and the lowest p95"
        + " time-to-drain, each scaled over the front");
  }

  private static String seconds(double value) {
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }

  private static double scaled(double v, double min, double max) {
    return max > min ? (v - min) / (max - min) : 0;
  }

  /** A recommended point and why. */
  public record Recommendation(SweepPoint point, String reason) {}
}
