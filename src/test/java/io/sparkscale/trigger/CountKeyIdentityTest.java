package io.sparkscale.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkscale.backlog.ClaimExclusion;
import io.sparkscale.backlog.CountKey;
import io.sparkscale.backlog.NotificationQueue;
import io.sparkscale.trigger.TriggerSpec.Metric;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The metric name's hash comes from every CountKey field that changes the count, and stays as it was. */
class CountKeyIdentityTest {

  static final CountKey PLAIN = new CountKey("", "", false, "landing", "incoming/", "", Duration.ZERO, 100_000);
  static final CountKey FULL = new CountKey("http://minio.storage:9000", "eu-west-1", true, "landing", "incoming/",
      ".parquet", Duration.ofSeconds(30), 5000,
      new NotificationQueue("https://sqs.eu-west-1.amazonaws.com/123456789012/q", Duration.ofMinutes(15),
          Duration.ofMinutes(10)),
      new ClaimExclusion("claims/", Duration.ofMinutes(30)));

  @Test
  void everyCountKeyFieldIsInTheIdentityOrDeclaredNotToChangeTheCount() {
    Set<String> components = new HashSet<>();
    for (RecordComponent component : CountKey.class.getRecordComponents()) {
      components.add(component.getName());
    }
    Set<String> covered = new HashSet<>(CountKeyIdentity.names());
    covered.addAll(CountKeyIdentity.NOT_COUNTED);
    assertThat(covered).as("add the new CountKey field to CountKeyIdentity.ROWS (optional: names stay)")
        .isEqualTo(components);
  }

  /** Names computed before the identity moved out of TriggerSpec: KEDA's HPAs keep their metrics. */
  @Test
  void existingTriggersKeepTheirMetricNames() {
    assertThat(new TriggerSpec(PLAIN, Metric.OBJECTS, 5, 0).metricName())
        .isEqualTo("s3-objects-landing-incoming-c47931ab69");
    assertThat(new TriggerSpec(PLAIN, Metric.BYTES, 5, 0).metricName())
        .isEqualTo("s3-bytes-landing-incoming-edb3f61514");
    assertThat(new TriggerSpec(FULL, Metric.BYTES, 5, 0).metricName())
        .isEqualTo("s3-bytes-landing-incoming-a1bbd8a7f9");
  }

  @Test
  void theQueueChangesHowACountIsKeptNotItsName() {
    CountKey listed = new CountKey(FULL.endpoint(), FULL.region(), FULL.forcePathStyle(), FULL.bucket(),
        FULL.prefix(), FULL.suffix(), FULL.minObjectAge(), FULL.scanLimit(), null, FULL.claims());
    assertThat(new TriggerSpec(listed, Metric.BYTES, 5, 0).metricName())
        .isEqualTo(new TriggerSpec(FULL, Metric.BYTES, 5, 0).metricName());
  }

  @Test
  void eachIdentityRowTellsKeysApart() {
    CountKey[] changed = {
      new CountKey("http://other:9000", FULL.region(), true, "landing", "incoming/", ".parquet",
          Duration.ofSeconds(30), 5000, null, FULL.claims()),
      new CountKey(FULL.endpoint(), "us-east-1", true, "landing", "incoming/", ".parquet",
          Duration.ofSeconds(30), 5000, null, FULL.claims()),
      new CountKey(FULL.endpoint(), FULL.region(), false, "landing", "incoming/", ".parquet",
          Duration.ofSeconds(30), 5000, null, FULL.claims()),
      new CountKey(FULL.endpoint(), FULL.region(), true, "landing2", "incoming/", ".parquet",
          Duration.ofSeconds(30), 5000, null, FULL.claims()),
      new CountKey(FULL.endpoint(), FULL.region(), true, "landing", "incoming/x", ".parquet",
          Duration.ofSeconds(30), 5000, null, FULL.claims()),
      new CountKey(FULL.endpoint(), FULL.region(), true, "landing", "incoming/", ".json",
          Duration.ofSeconds(30), 5000, null, FULL.claims()),
      new CountKey(FULL.endpoint(), FULL.region(), true, "landing", "incoming/", ".parquet",
          Duration.ofSeconds(31), 5000, null, FULL.claims()),
      new CountKey(FULL.endpoint(), FULL.region(), true, "landing", "incoming/", ".parquet",
          Duration.ofSeconds(30), 5001, null, FULL.claims()),
      new CountKey(FULL.endpoint(), FULL.region(), true, "landing", "incoming/", ".parquet",
          Duration.ofSeconds(30), 5000, null, new ClaimExclusion("other-claims/", Duration.ofMinutes(30))),
      new CountKey(FULL.endpoint(), FULL.region(), true, "landing", "incoming/", ".parquet",
          Duration.ofSeconds(30), 5000, null, new ClaimExclusion("claims/", Duration.ofMinutes(31))),
      new CountKey(FULL.endpoint(), FULL.region(), true, "landing", "incoming/", ".parquet",
          Duration.ofSeconds(30), 5000, null, null),
    };
    Set<String> names = new HashSet<>();
    names.add(new TriggerSpec(FULL, Metric.BYTES, 5, 0).metricName());
    Arrays.stream(changed).forEach(key -> names.add(new TriggerSpec(key, Metric.BYTES, 5, 0).metricName()));
    assertThat(names).hasSize(changed.length + 1);
    assertThat(changed.length).as("one change per identity row, two for claims")
        .isEqualTo(CountKeyIdentity.ROWS.size() + 2);
  }
}
