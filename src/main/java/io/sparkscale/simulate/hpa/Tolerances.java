package io.sparkscale.simulate.hpa;

/**
 * How far the usage ratio may stray from 1 before the HPA changes the replica count.
 *
 * <p>Source: kubernetes/kubernetes pkg/controller/podautoscaler/replica_calculator.go, type {@code Tolerances}
 * and {@code isWithin}: within when {@code 1 - scaleDown <= ratio <= 1 + scaleUp}. The controller's flag
 * {@code --horizontal-pod-autoscaler-tolerance} defaults to 0.1 for both directions; per-HPA tolerances
 * (KEP-4951, feature gate HPAConfigurableTolerance) would set them apart.
 */
public record Tolerances(double scaleDown, double scaleUp) {

  public static final Tolerances DEFAULT = new Tolerances(0.1, 0.1);

  public Tolerances {
    if (!(scaleDown >= 0) || !(scaleUp >= 0)) {
      throw new IllegalArgumentException("tolerances must be 0 or more, got " + scaleDown + " and " + scaleUp);
    }
  }

  /** False for NaN, as in Go: a ratio over zero replicas is never "within". */
  public boolean isWithin(double usageRatio) {
    return (1.0 - scaleDown) <= usageRatio && usageRatio <= (1.0 + scaleUp);
  }
}
