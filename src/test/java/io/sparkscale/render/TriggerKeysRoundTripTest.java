package io.sparkscale.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkscale.backlog.ClaimExclusion;
import io.sparkscale.backlog.CountKey;
import io.sparkscale.backlog.NotificationQueue;
import io.sparkscale.trigger.ServerDefaults;
import io.sparkscale.trigger.TriggerKey;
import io.sparkscale.trigger.TriggerKeys;
import io.sparkscale.trigger.TriggerParser;
import io.sparkscale.trigger.TriggerSpec;
import io.sparkscale.trigger.TriggerSpec.Metric;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every row of the trigger key table is written by render and read back by the scaler as the same value. */
class TriggerKeysRoundTripTest {

  static final String ENDPOINT = "http://minio.storage:9000";
  static final String QUEUE = "https://sqs.eu-west-1.amazonaws.com/123456789012/landing-events";

  /** Between them, every row set to a value other than its default. */
  static final ScalerTrigger OBJECTS = new ScalerTrigger("scaler.keda:9090", false, "landing", "incoming/",
      ".parquet", Metric.OBJECTS, 7L, 2L, null, null, Duration.ofSeconds(30), 5_000L, "eu-west-1", ENDPOINT, true,
      null, new ScalerTrigger.Claims("claims/", Duration.ofMinutes(45)));
  static final ScalerTrigger BYTES = new ScalerTrigger("scaler.keda:9090", true, "landing", "in/", null,
      Metric.BYTES, null, null, 50_000_000_000L, 1_000L, null, null, null, null, null,
      new ScalerTrigger.Notifications(QUEUE, Duration.ofMinutes(20), Duration.ofMinutes(3)), null);

  /** The typed value each row was given in OBJECTS. */
  static final Map<TriggerKey<?>, Object> GIVEN = given();

  @Test
  void everyRowIsRenderedUnderItsNameAndReadBackAsGiven() {
    Set<String> rendered = new HashSet<>();
    for (ScalerTrigger trigger : List.of(OBJECTS, BYTES)) {
      Map<String, String> metadata = trigger.metadata();
      metadata.remove("scalerAddress");
      rendered.addAll(metadata.keySet());
      metadata.forEach((name, value) -> {
        TriggerKey<?> row = TriggerKeys.named(name);
        assertThat(row).as("rendered key %s has a row", name).isNotNull();
        assertThat(row.read(value)).as(name + "=" + value).isEqualTo(expected(row, trigger));
      });
    }
    assertThat(rendered).as("every row is rendered by one of the triggers")
        .containsExactlyInAnyOrderElementsOf(TriggerKeys.ALL.stream().map(TriggerKey::name).toList());
  }

  @Test
  void theScalerParsesWhatRenderWrote() {
    TriggerSpec objects = parser().parse(without(OBJECTS.metadata()));
    assertThat(objects.key()).isEqualTo(new CountKey(ENDPOINT, "eu-west-1", true, "landing", "incoming/", ".parquet",
        Duration.ofSeconds(30), 5_000, null, new ClaimExclusion("claims/", Duration.ofMinutes(45))));
    assertThat(objects.metric()).isEqualTo(Metric.OBJECTS);
    assertThat(objects.target()).isEqualTo(7);
    assertThat(objects.activationTarget()).isEqualTo(2);

    TriggerSpec bytes = parser().parse(without(BYTES.metadata()));
    assertThat(bytes.metric()).isEqualTo(Metric.BYTES);
    assertThat(bytes.target()).isEqualTo(50_000_000_000L);
    assertThat(bytes.activationTarget()).isEqualTo(1_000);
    assertThat(bytes.key().notifications())
        .isEqualTo(new NotificationQueue(QUEUE, Duration.ofMinutes(20), Duration.ofMinutes(3)));
    ScalerTrigger neverReconciles = new ScalerTrigger("scaler.keda:9090", false, "landing", "in/", null, null, null,
        null, null, null, null, null, null, null, null, new ScalerTrigger.Notifications(QUEUE, Duration.ZERO));
    assertThat(neverReconciles.metadata()).containsEntry("reconcileInterval", "0");
    assertThat(parser().parse(without(neverReconciles.metadata())).key().notifications().reconcileInterval())
        .as("0: never reconcile").isZero();
  }

  private static Object expected(TriggerKey<?> row, ScalerTrigger trigger) {
    if (trigger == BYTES) {
      return Map.<String, Object>of("bucket", "landing", "prefix", "in/", "metric", Metric.BYTES,
          "targetBytes", 50_000_000_000L, "activationTargetBytes", 1_000L, "notificationQueueURL", QUEUE,
          "reconcileInterval", Duration.ofMinutes(20), "maxQueueSilence", Duration.ofMinutes(3)).get(row.name());
    }
    return GIVEN.get(row);
  }

  private static Map<TriggerKey<?>, Object> given() {
    Map<TriggerKey<?>, Object> m = new LinkedHashMap<>();
    m.put(TriggerKeys.BUCKET, "landing");
    m.put(TriggerKeys.PREFIX, "incoming/");
    m.put(TriggerKeys.SUFFIX, ".parquet");
    m.put(TriggerKeys.METRIC, Metric.OBJECTS);
    m.put(TriggerKeys.TARGET_OBJECT_COUNT, 7L);
    m.put(TriggerKeys.ACTIVATION_TARGET_OBJECT_COUNT, 2L);
    m.put(TriggerKeys.MIN_OBJECT_AGE, Duration.ofSeconds(30));
    m.put(TriggerKeys.SCAN_LIMIT, 5_000L);
    m.put(TriggerKeys.REGION, "eu-west-1");
    m.put(TriggerKeys.ENDPOINT, ENDPOINT);
    m.put(TriggerKeys.FORCE_PATH_STYLE, true);
    m.put(TriggerKeys.CLAIMS_PREFIX, "claims/");
    m.put(TriggerKeys.CLAIM_LEASE, Duration.ofMinutes(45));
    return m;
  }

  private static TriggerParser parser() {
    return new TriggerParser(new ServerDefaults("", "", false, List.of(ENDPOINT)));
  }

  private static Map<String, String> without(Map<String, String> metadata) {
    metadata.remove("scalerAddress");
    return metadata;
  }
}
