package io.sparkscale.simulate.work;

import io.sparkscale.simulate.Throughput;
import io.sparkscale.trigger.TriggerSpec.Metric;
import java.lang.reflect.Array;

/**
 * The pending work: arrivals in a first-in first-out queue, processed as a fluid. Each arrival keeps its own
 * objects and bytes, so work in the throughput's unit follows from the arrival itself (objects, or bytes); an
 * arrival without bytes under a bytes throughput is given the mean object size of the arrivals so far. Memory
 * grows with the arrivals not yet processed, never with the trace.
 *
 * <p>Two ways out: {@link #process} drains the head at the rate of the processing replicas (a Deployment's
 * pods sharing one queue), {@link #take} hands a Job its batch.
 */
public final class Backlog {

  private static final double EPSILON = 1e-9;

  /** A Job's batch: what it took and how long it takes at the throughput. */
  public record Batch(double objects, double bytes, double work) {
    public boolean isEmpty() {
      return objects < EPSILON && bytes < EPSILON;
    }
  }

  private final double perSecond;
  private final Metric unit;
  private long[] arrivedAt = new long[64];
  private double[] objects = new double[64];
  private double[] bytes = new double[64];
  private double[] work = new double[64];
  /** Share of each arrival still pending, 1 down to 0. */
  private double[] left = new double[64];
  private int head;
  private int size;
  private double pendingObjects;
  private double pendingBytes;
  private double pendingWork;
  private double sizedObjects;
  private double sizedBytes;
  private double drainedObjects;

  public Backlog(Throughput throughput) {
    this.perSecond = throughput.perSecond();
    this.unit = throughput.unit();
  }

  public void add(long atMillis, long objectCount, long byteCount) {
    if (objectCount == 0 && byteCount == 0) {
      return;
    }
    if (objectCount > 0 && byteCount > 0) {
      sizedObjects += objectCount;
      sizedBytes += byteCount;
    }
    double w;
    if (unit == Metric.OBJECTS) {
      w = objectCount;
    } else {
      w = byteCount > 0 ? byteCount : objectCount * meanObjectSize();
    }
    if (size == arrivedAt.length) {
      grow();
    }
    int i = (head + size) % arrivedAt.length;
    arrivedAt[i] = atMillis;
    objects[i] = objectCount;
    bytes[i] = byteCount;
    work[i] = w;
    left[i] = 1;
    size++;
    pendingObjects += objectCount;
    pendingBytes += byteCount;
    pendingWork += w;
  }

  private double meanObjectSize() {
    return sizedObjects > 0 ? sizedBytes / sizedObjects : 0;
  }

  /**
   * Processes the head from {@code fromMillis} to {@code toMillis} with {@code servers} replicas at the
   * throughput each, recording each finished share's drain time.
   */
  public void process(long fromMillis, long toMillis, int servers, DrainHistogram drain) {
    if (servers <= 0 || size == 0 || toMillis < fromMillis) {
      return;
    }
    double rate = servers * perSecond;
    double clock = fromMillis / 1000.0;
    double capacity = rate * (toMillis - fromMillis) / 1000.0;
    while (size > 0 && capacity > EPSILON * rate) {
      int i = head;
      double remaining = work[i] * left[i];
      double done = Math.min(capacity, remaining);
      double share = remaining <= capacity ? left[i] : (work[i] > 0 ? done / work[i] : left[i]);
      double end = clock + done / rate;
      double arrival = arrivedAt[i] / 1000.0;
      drain.addUniform(clock - arrival, end - arrival, objects[i] * share);
      consume(i, share, objects[i] * share);
      capacity -= done;
      clock = end;
    }
    // Arrivals that need no work (no bytes under a bytes throughput, none seen so far) go with the rest.
    while (size > 0 && work[head] * left[head] <= EPSILON && capacity >= 0) {
      drain.add(clock - arrivedAt[head] / 1000.0, objects[head] * left[head]);
      consume(head, left[head], objects[head] * left[head]);
    }
  }

  /**
   * A Job's batch from the head: up to {@code limit} of {@code metric} (objects or bytes), processed one after
   * another from {@code startMillis} at one replica's throughput; each share's drain time is recorded now.
   */
  public Batch take(double limit, Metric metric, long startMillis, DrainHistogram drain) {
    double wanted = limit;
    double takenObjects = 0;
    double takenBytes = 0;
    double takenWork = 0;
    double clock = startMillis / 1000.0;
    while (size > 0 && wanted > EPSILON) {
      int i = head;
      double amount = (metric == Metric.OBJECTS ? objects[i] : bytes[i]) * left[i];
      double share = amount <= wanted ? left[i] : wanted / (metric == Metric.OBJECTS ? objects[i] : bytes[i]);
      double w = work[i] * share;
      double end = clock + w / perSecond;
      double arrival = arrivedAt[i] / 1000.0;
      drain.addUniform(clock - arrival, end - arrival, objects[i] * share);
      takenObjects += objects[i] * share;
      takenBytes += bytes[i] * share;
      takenWork += w;
      wanted -= Math.min(amount, wanted);
      consume(i, share, 0);
      clock = end;
    }
    return new Batch(takenObjects, takenBytes, takenWork);
  }

  private void consume(int i, double share, double finishedObjects) {
    left[i] -= share;
    pendingObjects -= objects[i] * share;
    pendingBytes -= bytes[i] * share;
    pendingWork -= work[i] * share;
    drainedObjects += finishedObjects;
    if (left[i] <= EPSILON) {
      head = (head + 1) % arrivedAt.length;
      size--;
      if (size == 0) {
        pendingObjects = 0;
        pendingBytes = 0;
        pendingWork = 0;
      }
    }
  }

  /** Counts a Job's batch as processed when the Job ends. */
  public void finished(Batch batch) {
    drainedObjects += batch.objects();
  }

  /** What a listing would count now: every object not fully processed is still there. */
  public long pendingCount(Metric metric) {
    double v = metric == Metric.OBJECTS ? pendingObjects : pendingBytes;
    return v <= EPSILON ? 0 : (long) Math.ceil(v - 1e-6);
  }

  public double pendingObjects() {
    return Math.max(pendingObjects, 0);
  }

  public boolean isEmpty() {
    return size == 0;
  }

  /** Objects whose processing has ended (shared-queue processing, and the batches of ended Jobs). */
  public double drainedObjects() {
    return drainedObjects;
  }

  /** Milliseconds until the queue is empty with {@code servers} processing and nothing arriving. */
  public long millisToEmpty(int servers) {
    if (size == 0 || servers <= 0) {
      return Long.MAX_VALUE;
    }
    return (long) Math.ceil(Math.max(pendingWork, 0) / (servers * perSecond) * 1000.0);
  }

  /** Work in the throughput's unit for a batch, in seconds of one replica. */
  public double seconds(Batch batch) {
    return batch.work() / perSecond;
  }

  private void grow() {
    int n = arrivedAt.length * 2;
    arrivedAt = unwrap(arrivedAt, new long[n]);
    objects = unwrap(objects, new double[n]);
    bytes = unwrap(bytes, new double[n]);
    work = unwrap(work, new double[n]);
    left = unwrap(left, new double[n]);
    head = 0;
  }

  /** Copies the ring's live entries, oldest first, to the start of a larger array of the same type. */
  private <T> T unwrap(T ring, T larger) {
    int capacity = Array.getLength(ring);
    int firstPart = Math.min(size, capacity - head);
    System.arraycopy(ring, head, larger, 0, firstPart);
    System.arraycopy(ring, 0, larger, firstPart, size - firstPart);
    return larger;
  }
}
