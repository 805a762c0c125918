package io.sparkscale.simulate.engine;

import io.sparkscale.simulate.Arrival;
import io.sparkscale.simulate.ArrivalSource;
import io.sparkscale.simulate.Scaling;
import io.sparkscale.simulate.SimulationInput;
import io.sparkscale.simulate.Summary;
import io.sparkscale.simulate.TimelinePoint;
import io.sparkscale.simulate.TimelineSink;
import io.sparkscale.simulate.WorkModel;
import io.sparkscale.simulate.cluster.Cluster;
import io.sparkscale.simulate.cluster.Node;
import io.sparkscale.simulate.cluster.Pod;
import io.sparkscale.simulate.keda.ScalerCache;
import io.sparkscale.simulate.work.Backlog;
import io.sparkscale.simulate.work.DrainHistogram;
import io.sparkscale.units.InvalidInputException;
import java.util.PriorityQueue;
import java.util.function.LongSupplier;

/**
 * The event loop every run shares: time jumps from one due event to the next (an arrival, KEDA's poll, the
 * HPA's sync, a pod or node becoming ready, a Job ending, the queue running dry, a refresh-ahead listing, an
 * empty node's timer), never a tick per second. Between events the queue drains at a constant rate, so
 * processing is exact. Periodic events and arrivals are not queued, only compared: the heap holds the few
 * timers pods, nodes and Jobs set.
 *
 * <p>At one instant, arrivals come first, then timers (nodes, pods, Jobs), then the scaler's refresh-ahead,
 * then KEDA's poll, then the HPA's sync: a controller sees what arrived at the instant it looks.
 */
abstract class Run implements Cluster.Timers {

  /** A timer. Same instant: lower kind first, then the order they were set. */
  private record Timer(long time, int kind, long seq, Object ref) implements Comparable<Timer> {
    @Override
    public int compareTo(Timer o) {
      int c = Long.compare(time, o.time);
      if (c != 0) {
        return c;
      }
      c = Integer.compare(kind, o.kind);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }
  }

  static final int JOB_END = 10;

  final Scaling scaling;
  final WorkModel work;
  final Backlog backlog;
  final DrainHistogram drain = new DrainHistogram();
  final Cluster cluster;
  final ScalerCache scalerCache;
  private final ArrivalSource arrivals;
  private final long arrivalsEndMillis;
  private final TimelineSink sink;
  private final long pollMillis;
  private final PriorityQueue<Timer> timers = new PriorityQueue<>();
  private final LongSupplier exactCount = this::exactCount;
  private long timerSeq;

  long now;
  private long nextPollAt;
  private boolean arrivalPending;
  private long nextArrivalAt;
  private long nextObjects;
  private long nextBytes;
  private long lastArrivalAt;

  long arrivedObjects;
  long scaleEvents;
  private long maxBacklog;
  private int maxReplicas;
  private int maxNodes;
  private double replicaMillis;
  private double nodeMillis;
  private long lastBacklog = -1;
  private long lastBacklogBytes = -1;
  private int lastPods = -1;
  private int lastReady = -1;
  private int lastNodes = -1;
  private long lastChangeAt;

  Run(SimulationInput input, TimelineSink sink) {
    this.scaling = input.scaling();
    this.work = input.work();
    this.arrivals = input.arrivals();
    this.arrivalsEndMillis = input.duration() == null ? Long.MAX_VALUE : input.duration().toMillis();
    this.sink = sink;
    this.backlog = new Backlog(work.throughput());
    this.cluster = new Cluster(work, this);
    this.scalerCache = new ScalerCache(input.scalerCacheTtl().toMillis());
    if (scaling.activationTarget() < 0) {
      throw new InvalidInputException("activation target: " + scaling.activationTarget()
          + " is not valid; use 0 or more");
    }
    if (scaling.pollingIntervalSeconds() <= 0) {
      throw new InvalidInputException("pollingInterval: " + scaling.pollingIntervalSeconds()
          + " is not valid; use 1 second or more");
    }
    if (scaling.target() <= 0) {
      throw new InvalidInputException("target: " + scaling.target() + " is not valid; use a target above 0");
    }
    this.pollMillis = scaling.pollingIntervalSeconds() * 1000L;
  }

  // ---- what a kind of scaling adds -------------------------------------------------------------------------

  /** Replicas at the start (the floor), ready on ready nodes. */
  abstract int initialReplicas();

  /** KEDA's polling loop, once. */
  abstract void poll();

  /** A timer of this run's own kind (Jobs). */
  void onTimer(int kind, Object ref) {}

  /** A pod's containers run. */
  abstract void onPodReady(Pod pod);

  /** Another periodic controller (the HPA), or Long.MAX_VALUE. */
  long nextOwnPeriodicAt() {
    return Long.MAX_VALUE;
  }

  void onOwnPeriodic() {}

  /** Replicas processing the shared queue. */
  abstract int servers();

  /** What a listing of the prefix counts now, in the trigger's metric. */
  abstract long exactCount();

  /** Objects arrived and not yet processed (pending and in progress). */
  abstract long backlogObjects();

  abstract long backlogBytes();

  /** Nothing left to do: no work anywhere and the replicas at their floor. */
  abstract boolean settled();

  /** True while some replica or Job is processing something. */
  abstract boolean working();

  /**
   * How long a run may sit unchanged, nothing processing, after its last arrival before it is deemed stuck:
   * replicas that cannot return to their floor (a Disabled scale-down policy) or a backlog left at or below
   * the activation target with no replica to process it.
   */
  abstract long stuckAfterMillis();

  long jobsWithoutWork() {
    return 0;
  }

  // ---- the loop ---------------------------------------------------------------------------------------------

  final Summary run() {
    readArrival();
    for (Pod p : cluster.start(initialReplicas())) {
      onStartedReady(p);
    }
    nextPollAt = 0;
    observe();
    while (true) {
      if (!arrivalPending && (settled() || !working() && now - lastChangeAt > stuckAfterMillis())) {
        break;
      }
      long t = nextEventAt();
      if (t == Long.MAX_VALUE) {
        break;
      }
      advanceTo(t);
      dispatch();
      observe();
    }
    return summary();
  }

  /** A pod ready from the start. */
  void onStartedReady(Pod p) {}

  private long nextEventAt() {
    long t = nextPollAt;
    if (arrivalPending) {
      t = Math.min(t, nextArrivalAt);
    }
    Timer first = timers.peek();
    if (first != null) {
      t = Math.min(t, first.time);
    }
    t = Math.min(t, nextOwnPeriodicAt());
    t = Math.min(t, scalerCache.refreshDueAt());
    long toEmpty = backlog.millisToEmpty(servers());
    if (toEmpty != Long.MAX_VALUE) {
      t = Math.min(t, now + toEmpty);
    }
    return t;
  }

  private void advanceTo(long t) {
    long dt = t - now;
    backlog.process(now, t, servers(), drain);
    replicaMillis += (double) cluster.pods() * dt;
    nodeMillis += (double) cluster.nodes() * dt;
    now = t;
  }

  private void dispatch() {
    while (arrivalPending && nextArrivalAt == now) {
      backlog.add(now, nextObjects, nextBytes);
      arrivedObjects += nextObjects;
      readArrival();
    }
    while (!timers.isEmpty() && timers.peek().time == now) {
      Timer timer = timers.poll();
      switch (timer.kind) {
        case Cluster.NODE_READY -> cluster.nodeReady((Node) timer.ref, now);
        case Cluster.POD_READY -> {
          Pod pod = (Pod) timer.ref;
          if (cluster.podReady(pod, now)) {
            onPodReady(pod);
          }
        }
        case Cluster.NODE_EMPTY -> cluster.nodeEmptyLongEnough((Node) timer.ref, now);
        default -> onTimer(timer.kind, timer.ref);
      }
    }
    if (scalerCache.refreshDueAt() == now) {
      scalerCache.refresh(now, exactCount);
    }
    if (nextPollAt == now) {
      poll();
      nextPollAt += pollMillis;
    }
    if (nextOwnPeriodicAt() == now) {
      onOwnPeriodic();
    }
  }

  /** The trigger's value as the scaler answers it now (GetMetrics and IsActive alike). */
  long askScaler() {
    return scalerCache.ask(now, exactCount);
  }

  private void readArrival() {
    arrivalPending = false;
    if (!arrivals.hasNext()) {
      return;
    }
    Arrival a = arrivals.next();
    if (a.atMillis() < lastArrivalAt) {
      throw new InvalidInputException("arrivals: an arrival at " + a.atMillis() + " ms comes after one at "
          + lastArrivalAt + " ms; arrivals must be in time order");
    }
    lastArrivalAt = a.atMillis();
    if (a.atMillis() >= arrivalsEndMillis) {
      return;
    }
    arrivalPending = true;
    nextArrivalAt = a.atMillis();
    nextObjects = a.objects();
    nextBytes = a.bytes();
  }

  @Override
  public final void at(long time, int kind, Object ref) {
    timers.add(new Timer(time, kind, timerSeq++, ref));
  }

  private void observe() {
    long backlogNow = backlogObjects();
    long bytesNow = backlogBytes();
    int pods = cluster.pods();
    int ready = cluster.readyPods();
    int nodes = cluster.nodes();
    maxBacklog = Math.max(maxBacklog, backlogNow);
    maxReplicas = Math.max(maxReplicas, pods);
    maxNodes = Math.max(maxNodes, nodes);
    if (backlogNow != lastBacklog || bytesNow != lastBacklogBytes || pods != lastPods || ready != lastReady
        || nodes != lastNodes) {
      lastBacklog = backlogNow;
      lastBacklogBytes = bytesNow;
      lastPods = pods;
      lastReady = ready;
      lastNodes = nodes;
      lastChangeAt = now;
      if (sink != TimelineSink.NONE) {
        sink.accept(new TimelinePoint(now / 1000.0, backlogNow, bytesNow, pods, ready, nodes));
      }
    }
  }

  private Summary summary() {
    Double cost = work.nodePricePerHour() == null ? null : nodeMillis / 3_600_000.0 * work.nodePricePerHour();
    Summary.Drain d = new Summary.Drain(drain.percentile(0.50), drain.percentile(0.95), drain.max());
    return new Summary(arrivedObjects, Math.round(backlog.drainedObjects()), maxBacklog, maxReplicas, maxNodes,
        replicaMillis / 1000.0, nodeMillis / 1000.0, cost, d, scaleEvents, now / 1000.0, jobsWithoutWork());
  }
}
