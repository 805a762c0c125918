package io.sparkscale.simulate.engine;

import io.sparkscale.simulate.ScaledJobModel;
import io.sparkscale.simulate.SimulationInput;
import io.sparkscale.simulate.TimelineSink;
import io.sparkscale.simulate.cluster.Pod;
import io.sparkscale.simulate.keda.ScaledJobExecutor;
import io.sparkscale.simulate.work.Backlog;
import io.sparkscale.trigger.TriggerSpec.Metric;
import io.sparkscale.units.InvalidInputException;

/**
 * A ScaledJob: at each poll KEDA creates Jobs from the count and the Jobs already there; each Job's pod waits
 * for a slot (and perhaps a node), starts, takes a batch of up to {@code target} of the pending work from the
 * head of the queue, processes it at the throughput and ends. A Job that finds nothing left ends at once.
 *
 * <p>What the scaler counts decides over-creation (kedacore/keda #6157, #7329): with {@code claimsAtStart} a
 * batch leaves the count when its pod starts (`sparkscale claim` moves it away); without, the objects stay
 * under the prefix, and in the count, until the Job that holds them ends, so every poll meanwhile asks for Jobs
 * for work already taken.
 */
final class ScaledJobRun extends Run {

  /** A running Job's batch and when it ends. */
  private record Held(Backlog.Batch batch) {}

  private final ScaledJobModel model;
  private final ScaledJobExecutor keda;
  private final PendingConditions pendingConditions;
  private double heldObjects;
  private double heldBytes;
  private int holdingJobs;
  private long jobsWithoutWork;

  ScaledJobRun(SimulationInput input, TimelineSink sink) {
    super(input, sink);
    this.model = (ScaledJobModel) input.scaling();
    if (model.maxReplicas() < 1) {
      throw new InvalidInputException("maxReplicaCount: " + model.maxReplicas() + " is not valid; use 1 or more");
    }
    this.keda = new ScaledJobExecutor(model.target(), model.maxReplicas(), model.strategy());
    this.pendingConditions = new PendingConditions(model.strategy().pendingPodConditions());
  }

  @Override
  int initialReplicas() {
    return 0;
  }

  @Override
  void poll() {
    long value = askScaler();
    int running = cluster.pods();
    int pending = 0;
    for (Pod p : cluster.podList()) {
      if (pendingConditions.isPending(p)) {
        pending++;
      }
    }
    long create = keda.jobsToCreate(value, value > model.activationTarget(), running, pending);
    for (long i = 0; i < create; i++) {
      cluster.addPod(now);
    }
    scaleEvents += create;
  }

  @Override
  void onPodReady(Pod pod) {
    Backlog.Batch batch = backlog.take(model.target(), model.metric(), now, drain);
    if (batch.isEmpty()) {
      jobsWithoutWork++;
      cluster.remove(pod, now);
      return;
    }
    heldObjects += batch.objects();
    heldBytes += batch.bytes();
    holdingJobs++;
    pod.work = new Held(batch);
    at(now + (long) Math.ceil(backlog.seconds(batch) * 1000.0), JOB_END, pod);
  }

  @Override
  void onTimer(int kind, Object ref) {
    if (kind != JOB_END) {
      return;
    }
    Pod pod = (Pod) ref;
    Backlog.Batch batch = ((Held) pod.work).batch();
    heldObjects -= batch.objects();
    heldBytes -= batch.bytes();
    if (--holdingJobs == 0) {
      // No drift left behind by the floating-point sums.
      heldObjects = 0;
      heldBytes = 0;
    }
    backlog.finished(batch);
    cluster.remove(pod, now);
  }

  @Override
  int servers() {
    // Jobs process their own batches; nothing drains the shared queue directly.
    return 0;
  }

  @Override
  long exactCount() {
    long pending = backlog.pendingCount(model.metric());
    if (model.claimsAtStart()) {
      return pending;
    }
    double held = model.metric() == Metric.OBJECTS ? heldObjects : heldBytes;
    return pending + ceil(held);
  }

  @Override
  long backlogObjects() {
    return backlog.pendingCount(Metric.OBJECTS) + ceil(heldObjects);
  }

  @Override
  long backlogBytes() {
    return backlog.pendingCount(Metric.BYTES) + ceil(heldBytes);
  }

  private static long ceil(double v) {
    return v <= 1e-9 ? 0 : (long) Math.ceil(v - 1e-6);
  }

  @Override
  boolean working() {
    return cluster.pods() > 0;
  }

  @Override
  boolean settled() {
    return backlog.isEmpty() && cluster.pods() == 0 && cluster.nodesSettled();
  }

  @Override
  long stuckAfterMillis() {
    return 2 * model.pollingIntervalSeconds() * 1000L + work.nodeScaleDownDelay().toMillis()
        + work.nodeStartup().toMillis() + work.podStartup().toMillis() + 120_000;
  }

  @Override
  long jobsWithoutWork() {
    return jobsWithoutWork;
  }
}
