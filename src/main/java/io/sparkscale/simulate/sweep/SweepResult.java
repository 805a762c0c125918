package io.sparkscale.simulate.sweep;

import java.util.List;

/**
 * A sweep's outcome.
 *
 * @param points every setting run, in the order of the combinations
 * @param front the Pareto front of cost against p95 time-to-drain, cheapest first
 * @param recommended the point chosen by {@link ParetoFront#recommend}, or null when no run was complete
 * @param costUnit "USD" or "node-seconds"
 * @param reason one line on why that point
 * @param skipped combinations KEDA would refuse (minReplicaCount above maxReplicaCount), not run
 */
public record SweepResult(
    List<SweepPoint> points, List<SweepPoint> front, SweepPoint recommended, String costUnit, String reason,
    int skipped) {}
