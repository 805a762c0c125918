package io.sparkscale.simulate.work;

/**
 * Time-to-drain of every processed object, in bounded memory whatever the trace's length: weights in
 * logarithmic buckets 1 % wide from 10 ms to 10^8 s (one more bucket below 10 ms), so a percentile is within
 * 1 % of the exact one (interpolated inside its bucket); the maximum is kept exactly.
 *
 * <p>Objects are fluid: a stretch of processing during which a share of an arrival finishes is added as that
 * many objects spread evenly over the drain times it covers ({@link #addUniform}).
 */
public final class DrainHistogram {

  static final double SMALLEST = 0.01;
  static final double RATIO = 1.01;
  private static final double LOG_RATIO = Math.log(RATIO);
  private static final double LARGEST = 1e8;
  private static final int BUCKETS = 2 + (int) Math.ceil(Math.log(LARGEST / SMALLEST) / LOG_RATIO);
  /** Bucket i covers [BOUNDS[i], BOUNDS[i + 1]). */
  private static final double[] BOUNDS = bounds();

  private final double[] weights = new double[BUCKETS];
  /**
   * Densities (objects per second of drain time) over whole buckets, as differences: a spread over many narrow
   * buckets costs O(1) when added and is folded into the weights when a percentile is asked.
   */
  private final double[] densityDiff = new double[BUCKETS + 1];
  private boolean unfolded;
  private double total;
  private double max;

  private static double[] bounds() {
    double[] b = new double[BUCKETS + 1];
    b[0] = 0;
    for (int i = 1; i <= BUCKETS; i++) {
      b[i] = SMALLEST * Math.pow(RATIO, i - 1);
    }
    return b;
  }

  static int index(double seconds) {
    if (seconds < SMALLEST) {
      return 0;
    }
    int i = 1 + (int) (Math.log(seconds / SMALLEST) / LOG_RATIO);
    // Guard the edges against rounding of the logarithm.
    while (i < BUCKETS - 1 && seconds >= BOUNDS[i + 1]) {
      i++;
    }
    while (i > 1 && seconds < BOUNDS[i]) {
      i--;
    }
    return Math.min(i, BUCKETS - 1);
  }

  /** {@code weight} objects that each took {@code seconds} from arrival to the end of their processing. */
  public void add(double seconds, double weight) {
    if (!(weight > 0)) {
      return;
    }
    double s = Math.max(seconds, 0);
    weights[index(s)] += weight;
    total += weight;
    max = Math.max(max, s);
  }

  /** {@code weight} objects whose drain times are spread evenly over [lo, hi]. */
  public void addUniform(double lo, double hi, double weight) {
    if (!(weight > 0)) {
      return;
    }
    double a = Math.max(lo, 0);
    double b = Math.max(hi, a);
    int first = index(a);
    int last = index(b);
    if (first == last || b - a < 1e-9) {
      add((a + b) / 2, weight);
      max = Math.max(max, b);
      return;
    }
    double density = weight / (b - a);
    weights[first] += density * (BOUNDS[first + 1] - a);
    weights[last] += density * (b - BOUNDS[last]);
    if (last > first + 1) {
      densityDiff[first + 1] += density;
      densityDiff[last] -= density;
      unfolded = true;
    }
    total += weight;
    max = Math.max(max, b);
  }

  private void fold() {
    if (!unfolded) {
      return;
    }
    double density = 0;
    for (int i = 0; i < BUCKETS; i++) {
      density += densityDiff[i];
      densityDiff[i] = 0;
      if (density != 0) {
        weights[i] += density * (BOUNDS[i + 1] - BOUNDS[i]);
      }
    }
    densityDiff[BUCKETS] = 0;
    unfolded = false;
  }

  /** Objects recorded. */
  public double total() {
    return total;
  }

  public double max() {
    return max;
  }

  /** The drain time below which a share {@code p} (0..1) of the objects finished; 0 when none were recorded. */
  public double percentile(double p) {
    if (!(total > 0)) {
      return 0;
    }
    fold();
    double wanted = p * total;
    double seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
      double w = weights[i];
      if (w > 0 && seen + w >= wanted) {
        double into = (wanted - seen) / w;
        double value = BOUNDS[i] + into * (BOUNDS[i + 1] - BOUNDS[i]);
        return Math.min(value, max);
      }
      seen += w;
    }
    return max;
  }
}
