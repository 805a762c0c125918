package io.sparkscale.simulate.keda;

/**
 * What KEDA's operator does with a ScaledObject's scale target at each polling interval: activation from zero
 * (or from idle), and deactivation to zero (or to idle) after the cooldown. Everything between the floor and
 * the maximum is left to the HPA.
 *
 * <p>Source: kedacore/keda pkg/scaling/executor/scale_scaledobjects.go, {@code RequestScale},
 * {@code scaleFromZeroOrIdle}, {@code scaleToZeroOrIdle}, {@code getIdleOrMinimumReplicaCount}; defaults in
 * pkg/scaling/executor/scale_executor.go (cooldownPeriod 300 s, initialCooldownPeriod 0 s). Error paths and
 * fallback are not modelled: the scaler always answers.
 */
public final class ScaledObjectExecutor {

  /** No change this poll. */
  public static final int NO_CHANGE = -1;

  private final int minReplicas;
  private final Integer idleReplicas;
  private final long cooldownMillis;
  private final long initialCooldownMillis;
  private final long createdAt;
  private long lastActiveTime = -1;

  /**
   * @param idleReplicas idleReplicaCount, or null when unset
   * @param createdAt when the ScaledObject was created (the start of the run)
   */
  public ScaledObjectExecutor(int minReplicas, Integer idleReplicas, int cooldownSeconds, long createdAt) {
    this.minReplicas = minReplicas;
    this.idleReplicas = idleReplicas;
    this.cooldownMillis = cooldownSeconds * 1000L;
    this.initialCooldownMillis = 0;
    this.createdAt = createdAt;
  }

  /** The replicas a scale target rests at while the trigger is inactive: idleReplicaCount, else minReplicaCount. */
  public static int floor(int minReplicas, Integer idleReplicas) {
    return idleReplicas != null ? idleReplicas : minReplicas;
  }

  /**
   * RequestScale for one poll.
   *
   * @param current the scale target's spec.replicas
   * @param isActive the trigger's IsActive answer
   * @return the replicas KEDA sets, or {@link #NO_CHANGE}
   */
  public int requestScale(long now, int current, boolean isActive) {
    if (isActive) {
      if ((idleReplicas != null && current < minReplicas) || current == 0) {
        lastActiveTime = now;
        return minReplicas > 0 ? minReplicas : 1;
      }
      lastActiveTime = now;
      return NO_CHANGE;
    }
    if ((idleReplicas != null && current > idleReplicas) || (current > 0 && minReplicas == 0)) {
      return cooledDown(now) ? floor(minReplicas, idleReplicas) : NO_CHANGE;
    }
    if (idleReplicas == null && current < minReplicas) {
      return minReplicas;
    }
    return NO_CHANGE;
  }

  /** Go's Before is strict: exactly at the end of the cooldown it is still cooling down. */
  private boolean cooledDown(long now) {
    if (lastActiveTime < 0) {
      return createdAt + initialCooldownMillis < now;
    }
    return lastActiveTime + cooldownMillis < now;
  }

  /** When a trigger was last seen active (LastActiveTime), or -1 before that. */
  public long lastActiveTime() {
    return lastActiveTime;
  }
}
