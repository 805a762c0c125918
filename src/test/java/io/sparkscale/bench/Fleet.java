package io.sparkscale.bench;

import io.sparkscale.grpc.externalscaler.GetMetricsRequest;
import io.sparkscale.grpc.externalscaler.ScaledObjectRef;
import java.time.Instant;
import java.util.Map;
import java.util.function.IntUnaryOperator;

/**
 * N ScaledObjects, one trigger each on its own prefix, with the objects seeded for each: what the open-loop
 * cases ask about and what every answer is checked against. Requests are built once, so the load client
 * only sends.
 */
final class Fleet {

  static final long TARGET = 10;
  /** IsActive is true above this; with 1 to 5 objects per trigger both answers occur. */
  static final long ACTIVATION = 2;
  /** What sparkscale answers for these triggers: their targetObjectCount and activation threshold. */
  static final Answers SPARKSCALE = new Answers(TARGET, ACTIVATION);

  /**
   * The right answers to GetMetricSpec and IsActive for one scaler: the target it announces and the count
   * above which it is active (GetMetrics is the seeded count for every scaler).
   */
  record Answers(long target, long activeAbove) {}

  /** Where the objects go: the store's put (bucket, key, size in bytes, last modified). */
  interface Seeder {
    void put(String bucket, String key, long size, Instant lastModified);
  }

  private final ScaledObjectRef[] refs;
  private final GetMetricsRequest[] metrics;
  private final long[] objects;

  private Fleet(ScaledObjectRef[] refs, GetMetricsRequest[] metrics, long[] objects) {
    this.refs = refs;
    this.metrics = metrics;
    this.objects = objects;
  }

  /**
   * Seeds {@code objectsOf(i)} one-byte objects under {@code t<i>/} of {@code bucket} for every trigger.
   * Prefixes are zero-padded so none is the prefix of another.
   */
  static Fleet seed(Seeder store, String bucket, int triggers, IntUnaryOperator objectsOf) {
    Fleet fleet = of(bucket, triggers, objectsOf);
    Instant old = Instant.now().minusSeconds(3600);
    for (int i = 0; i < triggers; i++) {
      for (int o = 0; o < fleet.objects[i]; o++) {
        store.put(bucket, String.format("%s%06d.json", prefix(i), o), 1, old);
      }
    }
    return fleet;
  }

  /** The triggers and their right answers, without a store. */
  static Fleet of(String bucket, int triggers, IntUnaryOperator objectsOf) {
    ScaledObjectRef[] refs = new ScaledObjectRef[triggers];
    GetMetricsRequest[] metrics = new GetMetricsRequest[triggers];
    long[] objects = new long[triggers];
    for (int i = 0; i < triggers; i++) {
      String prefix = prefix(i);
      objects[i] = objectsOf.applyAsInt(i);
      refs[i] = InProcessScaler.ref(String.format("so-%05d", i), Map.of("bucket", bucket, "prefix", prefix,
          "targetObjectCount", Long.toString(TARGET), "activationTargetObjectCount", Long.toString(ACTIVATION)));
      metrics[i] = InProcessScaler.metrics(refs[i]);
    }
    return new Fleet(refs, metrics, objects);
  }

  static String prefix(int trigger) {
    return String.format("t%05d/", trigger);
  }

  int size() {
    return refs.length;
  }

  ScaledObjectRef ref(int trigger) {
    return refs[trigger];
  }

  GetMetricsRequest metrics(int trigger) {
    return metrics[trigger];
  }

  /** The right GetMetrics value: every seeded object, all older than any age filter. */
  long objects(int trigger) {
    return objects[trigger];
  }

  boolean active(int trigger, Answers answers) {
    return objects[trigger] > answers.activeAbove();
  }
}
