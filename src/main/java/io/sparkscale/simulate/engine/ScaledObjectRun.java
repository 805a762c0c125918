package io.sparkscale.simulate.engine;

import io.sparkscale.render.HpaBehavior;
import io.sparkscale.simulate.ScaledObjectModel;
import io.sparkscale.simulate.SimulationInput;
import io.sparkscale.simulate.TimelineSink;
import io.sparkscale.simulate.cluster.DeletionOrder;
import io.sparkscale.simulate.cluster.Pod;
import io.sparkscale.simulate.hpa.HorizontalController;
import io.sparkscale.simulate.hpa.ScaleLimits;
import io.sparkscale.simulate.hpa.Tolerances;
import io.sparkscale.simulate.keda.ScaledObjectExecutor;
import io.sparkscale.trigger.TriggerSpec.Metric;
import io.sparkscale.units.InvalidInputException;

/**
 * A ScaledObject: KEDA activates and deactivates the Deployment at each poll, the HPA KEDA created sizes it
 * in between at each sync, and the ready pods drain one shared queue.
 *
 * <p>The HPA's minReplicas is KEDA's GetHPAMinReplicas (minReplicaCount when above 0, else 1), its maxReplicas
 * the maxReplicaCount (kedacore/keda apis/keda/v1alpha1/scaledobject_types.go). The HPA's metric query reaches
 * the scaler through KEDA's metrics adapter each time (pkg/scaling/scale_handler.go,
 * GetScaledObjectMetrics), or KEDA's last poll with useCachedMetrics. The value is the scaler's count whether
 * the trigger is active or not: KEDA does not zero it (pkg/scalers/external_scaler.go, GetMetricsAndActivity).
 * The ReplicaSet controller creates and deletes pods at once, so status.replicas equals spec.replicas.
 */
final class ScaledObjectRun extends Run {

  private final ScaledObjectModel model;
  private final ScaledObjectExecutor keda;
  private final HorizontalController hpa;
  private final int floor;
  private int specReplicas;
  private long nextSyncAt = 0;
  private boolean polled;
  private long lastPolledValue;

  ScaledObjectRun(SimulationInput input, TimelineSink sink) {
    super(input, sink);
    this.model = (ScaledObjectModel) input.scaling();
    if (model.minReplicas() < 0 || model.maxReplicas() < 1 || model.minReplicas() > model.maxReplicas()) {
      throw new InvalidInputException("minReplicaCount " + model.minReplicas() + " and maxReplicaCount "
          + model.maxReplicas() + " are not valid; use 0 <= minReplicaCount <= maxReplicaCount and"
          + " maxReplicaCount >= 1");
    }
    if (model.cooldownPeriodSeconds() < 0) {
      throw new InvalidInputException("cooldownPeriod: " + model.cooldownPeriodSeconds()
          + " is not valid; use 0 seconds or more");
    }
    if (model.idleReplicas() != null && (model.idleReplicas() < 0 || model.idleReplicas() >= model.minReplicas())) {
      throw new InvalidInputException("idleReplicaCount: " + model.idleReplicas() + " is not valid; use 0 or more"
          + " and below minReplicaCount (" + model.minReplicas() + "), as KEDA requires");
    }
    this.keda = new ScaledObjectExecutor(model.minReplicas(), model.idleReplicas(), model.cooldownPeriodSeconds(), 0);
    int hpaMin = model.minReplicas() > 0 ? model.minReplicas() : 1;
    this.hpa = new HorizontalController(hpaMin, model.maxReplicas(), model.behaviorInSpec() ? model.behavior() : null,
        model.target(), Tolerances.DEFAULT);
    this.floor = model.floorReplicas();
  }

  @Override
  int initialReplicas() {
    specReplicas = floor;
    return floor;
  }

  @Override
  void poll() {
    long value = askScaler();
    polled = true;
    lastPolledValue = value;
    int replicas = keda.requestScale(now, specReplicas, value > model.activationTarget());
    if (replicas != ScaledObjectExecutor.NO_CHANGE) {
      setReplicas(replicas);
    }
  }

  @Override
  long nextOwnPeriodicAt() {
    return nextSyncAt;
  }

  @Override
  void onOwnPeriodic() {
    int replicas = hpa.sync(now, specReplicas, cluster.pods(),
        () -> model.useCachedMetrics() && polled ? lastPolledValue : askScaler());
    setReplicas(replicas);
    nextSyncAt += HorizontalController.SYNC_PERIOD_MILLIS;
  }

  private void setReplicas(int replicas) {
    if (replicas == specReplicas) {
      return;
    }
    scaleEvents++;
    int pods = cluster.pods();
    if (replicas > pods) {
      for (int i = pods; i < replicas; i++) {
        cluster.addPod(now);
      }
    } else if (replicas < pods) {
      cluster.remove(DeletionOrder.podsToDelete(cluster.podList(), pods - replicas, now), now);
    }
    specReplicas = replicas;
  }

  @Override
  void onPodReady(Pod pod) {
    // A ready replica joins the shared queue's processing: servers() counts it from now.
  }

  @Override
  int servers() {
    return cluster.readyPods();
  }

  @Override
  long exactCount() {
    return backlog.pendingCount(model.metric());
  }

  @Override
  long backlogObjects() {
    return backlog.pendingCount(Metric.OBJECTS);
  }

  @Override
  long backlogBytes() {
    return backlog.pendingCount(Metric.BYTES);
  }

  @Override
  boolean working() {
    return servers() > 0 && !backlog.isEmpty();
  }

  @Override
  boolean settled() {
    return backlog.isEmpty() && specReplicas == floor && cluster.nodesSettled();
  }

  @Override
  long stuckAfterMillis() {
    HpaBehavior b = model.behavior();
    long windows = Math.max(b.scaleDown().stabilizationWindowSeconds() * 1000L,
        HorizontalController.DOWNSCALE_STABILIZATION_MILLIS);
    long period = ScaleLimits.longestPeriodSeconds(b.scaleDown()) * 1000L;
    return model.cooldownPeriodSeconds() * 1000L + windows + period + 2 * (model.pollingIntervalSeconds() * 1000L
        + HorizontalController.SYNC_PERIOD_MILLIS) + work.nodeScaleDownDelay().toMillis()
        + work.nodeStartup().toMillis() + work.podStartup().toMillis() + 120_000;
  }
}
