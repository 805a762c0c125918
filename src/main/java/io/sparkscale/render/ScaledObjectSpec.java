package io.sparkscale.render;

import io.sparkscale.units.InvalidInputException;
import java.util.Objects;

/**
 * A KEDA ScaledObject that scales a long-running workload (a Spark Connect server, standalone workers) on
 * the data waiting in S3.
 *
 * @param fallbackReplicas replicas KEDA holds while the scaler keeps failing; null for none
 * @param tlsSecret a Secret with ca.crt, tls.crt and tls.key for mutual TLS to the scaler; null for none
 * @param behavior the HPA's scaling behavior; null writes none (the HPA's defaults apply)
 * @param fallbackBehavior how KEDA uses fallbackReplicas; null writes none (KEDA's static)
 */
public record ScaledObjectSpec(
    String name,
    String namespace,
    TargetKind targetKind,
    String targetName,
    ScalerTrigger trigger,
    int minReplicas,
    int maxReplicas,
    int pollingIntervalSeconds,
    int cooldownPeriodSeconds,
    Integer fallbackReplicas,
    String tlsSecret,
    HpaBehavior behavior,
    FallbackBehavior fallbackBehavior) {

  /** Without a behavior: the HPA's defaults, KEDA's static fallback. */
  public ScaledObjectSpec(String name, String namespace, TargetKind targetKind, String targetName,
      ScalerTrigger trigger, int minReplicas, int maxReplicas, int pollingIntervalSeconds,
      int cooldownPeriodSeconds, Integer fallbackReplicas, String tlsSecret) {
    this(name, namespace, targetKind, targetName, trigger, minReplicas, maxReplicas, pollingIntervalSeconds,
        cooldownPeriodSeconds, fallbackReplicas, tlsSecret, null, null);
  }

  /**
   * A long-running target that holds state (Spark Connect sessions, standalone workers with shuffle): one
   * replica removed per period after the backlog stayed low that long ({@link HpaBehavior#gentleScaleDown}),
   * and during a scaler outage at least the fallback replicas but never fewer than are running.
   */
  public static ScaledObjectSpec longRunning(String name, String namespace, TargetKind targetKind,
      String targetName, ScalerTrigger trigger, int minReplicas, int maxReplicas, int pollingIntervalSeconds,
      int cooldownPeriodSeconds, Integer fallbackReplicas, String tlsSecret, int scaleDownPeriodSeconds) {
    Names.between("--scale-down-period", scaleDownPeriodSeconds, MIN_SCALE_DOWN_PERIOD, HpaBehavior.MAX_PERIOD_SECONDS);
    return new ScaledObjectSpec(name, namespace, targetKind, targetName, trigger, minReplicas, maxReplicas,
        pollingIntervalSeconds, cooldownPeriodSeconds, fallbackReplicas, tlsSecret,
        HpaBehavior.gentleScaleDown(scaleDownPeriodSeconds),
        fallbackReplicas == null ? null : FallbackBehavior.CURRENT_REPLICAS_IF_HIGHER);
  }

  /** The same object with another HPA behavior. */
  public ScaledObjectSpec withBehavior(HpaBehavior behavior) {
    return new ScaledObjectSpec(name, namespace, targetKind, targetName, trigger, minReplicas, maxReplicas,
        pollingIntervalSeconds, cooldownPeriodSeconds, fallbackReplicas, tlsSecret, behavior, fallbackBehavior);
  }

  /**
   * spec.fallback.behavior, the values of the ScaledObject CRD's enum (KEDA v2.20.2). What each does to the
   * replicas the HPA is given once failureThreshold is passed (kedacore/keda pkg/fallback/fallback.go,
   * doFallback): static, fallback.replicas; currentReplicas, the target's current count; currentReplicasIfHigher,
   * the larger of the two; currentReplicasIfLower, the smaller; scalingModifiers, left to the composite formula.
   */
  public enum FallbackBehavior {
    STATIC("static"),
    CURRENT_REPLICAS("currentReplicas"),
    CURRENT_REPLICAS_IF_HIGHER("currentReplicasIfHigher"),
    CURRENT_REPLICAS_IF_LOWER("currentReplicasIfLower"),
    SCALING_MODIFIERS("scalingModifiers");

    private final String spelling;

    FallbackBehavior(String spelling) {
      this.spelling = spelling;
    }

    public String spelling() {
      return spelling;
    }
  }

  /** Workloads with a scale subresource that KEDA can drive, with their API group. */
  public enum TargetKind {
    DEPLOYMENT("Deployment"),
    STATEFULSET("StatefulSet");

    private final String kind;

    TargetKind(String kind) {
      this.kind = kind;
    }

    public String kind() {
      return kind;
    }
  }

  /** KEDA's own defaults: poll every 30 s, scale to zero after 300 s idle. */
  public static final int DEFAULT_POLLING_INTERVAL = 30;
  public static final int DEFAULT_COOLDOWN_PERIOD = 300;
  /** Failures in a row before KEDA switches to fallback replicas (KEDA has no default; 3 is its docs'). */
  static final int FALLBACK_FAILURE_THRESHOLD = 3;
  /** The HPA's sync period: a shorter scale-down period would not be honoured more finely. */
  public static final int MIN_SCALE_DOWN_PERIOD = 15;
  /** Long-running targets lose one replica per this many seconds: the pace of the Spark operator's own HPA. */
  public static final int DEFAULT_SCALE_DOWN_PERIOD = 600;

  public ScaledObjectSpec {
    Names.dnsLabel("--name", name);
    Names.optionalDnsLabel("--namespace", namespace);
    Objects.requireNonNull(targetKind, "targetKind");
    Names.dnsLabel("--target-name", targetName);
    Objects.requireNonNull(trigger, "trigger");
    Names.atLeast("--min-replicas", minReplicas, 0);
    Names.atLeast("--max-replicas", maxReplicas, 1);
    if (maxReplicas < minReplicas) {
      throw new InvalidInputException(
          "--max-replicas: " + maxReplicas + " is below --min-replicas " + minReplicas
              + "; use a value of at least " + minReplicas);
    }
    Names.atLeast("--polling-interval", pollingIntervalSeconds, 1);
    Names.atLeast("--cooldown-period", cooldownPeriodSeconds, 0);
    if (fallbackReplicas != null) {
      Names.atLeast("--fallback-replicas", fallbackReplicas, 0);
      if (fallbackReplicas > maxReplicas) {
        throw new InvalidInputException(
            "--fallback-replicas: " + fallbackReplicas + " is above --max-replicas " + maxReplicas
                + "; use a value from 0 to " + maxReplicas);
      }
      // KEDA's scale loop (pkg/scaling/executor/scale_scaledobjects.go, RequestScale) holds a failing target
      // for the fallback only when fallback.replicas is not 0; with 0 and minReplicaCount 0 it scales the
      // target to zero as if it were idle, whatever the behavior says.
      if (fallbackReplicas == 0 && minReplicas == 0) {
        throw new InvalidInputException("--fallback-replicas: 0 with --min-replicas 0 lets KEDA scale the target"
            + " to zero while the scaler fails; use 1 or more, or leave it out to keep the replicas running");
      }
    } else if (fallbackBehavior != null) {
      throw new InvalidInputException("fallback behavior: needs --fallback-replicas (KEDA requires replicas)");
    }
    Names.optionalDnsLabel("--tls-secret", tlsSecret);
  }
}
