package io.sparkscale.simulate.setup;

import io.sparkscale.render.Document;
import io.sparkscale.render.HpaBehavior;
import io.sparkscale.render.KedaObjects;
import io.sparkscale.render.ScaledJobSpec;
import io.sparkscale.render.ScaledObjectSpec;
import io.sparkscale.render.ScalerTrigger;
import io.sparkscale.simulate.ScaledJobModel;
import io.sparkscale.simulate.ScaledObjectModel;
import io.sparkscale.simulate.Scaling;
import io.sparkscale.trigger.TriggerSpec.Metric;
import io.sparkscale.trigger.TriggerSpec;
import io.sparkscale.units.Durations;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The scaler's settings both as the manifest (to render) and as the model (to simulate): one of objectSpec or
 * jobSpec is set.
 *
 * @param source where they came from (a file name, or "flags")
 */
public record ScalerSettings(ScaledObjectSpec objectSpec, Integer idleReplicas, boolean useCachedMetrics,
    ScaledJobSpec jobSpec, boolean claimsAtStart, String source) {

  public static ScalerSettings of(ScaledObjectSpec spec, Integer idleReplicas, boolean useCachedMetrics,
      String source) {
    return new ScalerSettings(spec, idleReplicas, useCachedMetrics, null, false, source);
  }

  public static ScalerSettings of(ScaledJobSpec spec, boolean claimsAtStart, String source) {
    return new ScalerSettings(null, null, false, spec, claimsAtStart, source);
  }

  public boolean isJob() {
    return jobSpec != null;
  }

  public Scaling model() {
    return isJob() ? ScalingModels.of(jobSpec, claimsAtStart) : ScalingModels.of(objectSpec, idleReplicas, useCachedMetrics);
  }

  /** The manifest, exactly as `render` writes it. */
  public List<Document> render() {
    return isJob() ? jobSpec.render() : KedaObjects.scaledObject(objectSpec);
  }

  public ScalerTrigger trigger() {
    return isJob() ? jobSpec.trigger() : objectSpec.trigger();
  }

  /**
   * The same settings with another target (objects or bytes per replica, as the trigger counts), polling
   * interval, cooldown period (ScaledObject only; null keeps it) and max replicas.
   */
  public ScalerSettings with(long target, int pollingInterval, Integer cooldownPeriod, int maxReplicas) {
    ScalerTrigger t = withTarget(trigger(), target);
    if (isJob()) {
      ScaledJobSpec s = jobSpec;
      return new ScalerSettings(null, null, false, new ScaledJobSpec(s.name(), s.namespace(), s.sparkImage(), s.sizerImage(),
          s.serviceAccount(), t, maxReplicas, pollingInterval, s.rightsizeArgs(), s.sparkSubmitArgs(), s.tlsSecret(),
          s.scalingStrategy()), claimsAtStart, source);
    }
    ScaledObjectSpec s = objectSpec;
    return new ScalerSettings(new ScaledObjectSpec(s.name(), s.namespace(), s.targetKind(), s.targetName(), t,
        s.minReplicas(), maxReplicas, pollingInterval,
        cooldownPeriod == null ? s.cooldownPeriodSeconds() : cooldownPeriod, s.fallbackReplicas(), s.tlsSecret(),
        s.behavior(), s.fallbackBehavior()), idleReplicas, useCachedMetrics, null, false, source);
  }

  /** The same settings with the target, polling interval, cooldown and max replicas of a sweep's point. */
  public ScalerSettings with(Scaling point) {
    if (point instanceof ScaledObjectModel so) {
      return with(so.target(), so.pollingIntervalSeconds(), so.cooldownPeriodSeconds(), so.maxReplicas());
    }
    ScaledJobModel sj = (ScaledJobModel) point;
    return with(sj.target(), sj.pollingIntervalSeconds(), null, sj.maxReplicas());
  }

  private static ScalerTrigger withTarget(ScalerTrigger t, long target) {
    boolean objects = t.metric() == TriggerSpec.Metric.OBJECTS;
    return new ScalerTrigger(t.scalerAddress(), t.push(), t.bucket(), t.prefix(), t.suffix(), t.metric(),
        objects ? Long.valueOf(target) : t.targetObjectCount(), t.activationTargetObjectCount(),
        objects ? t.targetBytes() : Long.valueOf(target), t.activationTargetBytes(), t.minObjectAge(), t.scanLimit(),
        t.region(), t.endpoint(), t.forcePathStyle(), t.notifications());
  }

  /** One line for people: "ScaledObject etl: objects, target 5, polling 30s, cooldown 5m, replicas 0-10". */
  public String describe() {
    Scaling model = model();
    String unit = model.metric() == Metric.OBJECTS ? "objects" : "bytes";
    StringBuilder out = new StringBuilder(isJob() ? "ScaledJob" : "ScaledObject");
    out.append(" (").append(source).append("): ").append(unit).append(", target ").append(model.target());
    if (model.activationTarget() > 0) {
      out.append(", activation above ").append(model.activationTarget());
    }
    out.append(", polling ").append(Durations.format(Duration.ofSeconds(model.pollingIntervalSeconds())));
    if (model instanceof ScaledObjectModel so) {
      out.append(", cooldown ").append(Durations.format(Duration.ofSeconds(so.cooldownPeriodSeconds())))
          .append(", replicas ").append(so.minReplicas()).append('-').append(so.maxReplicas());
      if (so.idleReplicas() != null) {
        out.append(" (idle ").append(so.idleReplicas()).append(')');
      }
      out.append(behavior(so))
          .append(so.useCachedMetrics() ? ", cached metrics" : "");
    } else if (model instanceof ScaledJobModel sj) {
      out.append(", at most ").append(sj.maxReplicas()).append(" Jobs, strategy ")
          .append(sj.strategy().kind().name().toLowerCase(Locale.ROOT))
          .append(sj.claimsAtStart() ? ", claims at start" : "");
    }
    return out.toString();
  }

  /** render's gentle scale-down is named by its period; any other behavior only as given. */
  private static String behavior(ScaledObjectModel so) {
    if (!so.behaviorInSpec()) {
      return ", HPA default behavior";
    }
    var down = so.behavior().scaleDown();
    if (down.policies().size() == 1) {
      int period = down.policies().get(0).periodSeconds();
      if (so.behavior().equals(HpaBehavior.gentleScaleDown(period))) {
        return ", scale-down one replica per " + Durations.format(Duration.ofSeconds(period));
      }
    }
    return ", HPA behavior as given";
  }
}
