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
    HpaBehavior behavior) {

  /** Without a behavior: the HPA's defaults. */
  public ScaledObjectSpec(String name, String namespace, TargetKind targetKind, String targetName,
      ScalerTrigger trigger, int minReplicas, int maxReplicas, int pollingIntervalSeconds,
      int cooldownPeriodSeconds, Integer fallbackReplicas, String tlsSecret) {
    this(name, namespace, targetKind, targetName, trigger, minReplicas, maxReplicas, pollingIntervalSeconds,
        cooldownPeriodSeconds, fallbackReplicas, tlsSecret, null);
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
    }
    Names.optionalDnsLabel("--tls-secret", tlsSecret);
  }
}
