package io.sparkscale.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkscale.backlog.BacklogCount;
import io.sparkscale.backlog.CountKey;
import io.sparkscale.trigger.TriggerSpec.Metric;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class TriggerSpecTest {

  static final CountKey KEY =
      new CountKey("", "", false, "landing", "incoming/", ".parquet", Duration.ZERO, 100_000);
  static final TriggerSpec SPEC = new TriggerSpec(KEY, Metric.OBJECTS, 5, 0);

  static BacklogCount count(long objects, long bytes) {
    return new BacklogCount(objects, bytes, false, 1, Instant.EPOCH, Duration.ZERO);
  }

  static CountKey with(UnaryOperator<CountKey> change) {
    return change.apply(KEY);
  }

  @Test
  void metricNameIsReadableSanitizedAndStable() {
    // Pinned: a different name after an upgrade would make KEDA ask for a metric the HPA does not know.
    assertThat(SPEC.metricName()).matches("s3-objects-landing-incoming-[0-9a-f]{10}");
    assertThat(SPEC.metricName()).isEqualTo(new TriggerSpec(KEY, Metric.OBJECTS, 99, 7).metricName());
    assertThat(SPEC.metricName()).isEqualTo("s3-objects-landing-incoming-69d24be4d1");
  }

  @Test
  void metricNameDiffersWhenWhatIsCountedDiffers() {
    List<TriggerSpec> variants =
        List.of(
            SPEC,
            new TriggerSpec(KEY, Metric.BYTES, 5, 0),
            new TriggerSpec(with(k -> new CountKey(k.endpoint(), k.region(), k.forcePathStyle(), "landing2",
                k.prefix(), k.suffix(), k.minObjectAge(), k.scanLimit())), Metric.OBJECTS, 5, 0),
            new TriggerSpec(with(k -> new CountKey(k.endpoint(), k.region(), k.forcePathStyle(), k.bucket(),
                "incoming/x", k.suffix(), k.minObjectAge(), k.scanLimit())), Metric.OBJECTS, 5, 0),
            new TriggerSpec(with(k -> new CountKey(k.endpoint(), k.region(), k.forcePathStyle(), k.bucket(),
                k.prefix(), ".csv", k.minObjectAge(), k.scanLimit())), Metric.OBJECTS, 5, 0),
            new TriggerSpec(with(k -> new CountKey(k.endpoint(), k.region(), k.forcePathStyle(), k.bucket(),
                k.prefix(), k.suffix(), Duration.ofSeconds(30), k.scanLimit())), Metric.OBJECTS, 5, 0),
            new TriggerSpec(with(k -> new CountKey(k.endpoint(), k.region(), k.forcePathStyle(), k.bucket(),
                k.prefix(), k.suffix(), k.minObjectAge(), 1000)), Metric.OBJECTS, 5, 0),
            new TriggerSpec(with(k -> new CountKey("http://minio:9000", k.region(), k.forcePathStyle(),
                k.bucket(), k.prefix(), k.suffix(), k.minObjectAge(), k.scanLimit())), Metric.OBJECTS, 5, 0),
            new TriggerSpec(with(k -> new CountKey(k.endpoint(), "us-west-2", k.forcePathStyle(),
                k.bucket(), k.prefix(), k.suffix(), k.minObjectAge(), k.scanLimit())), Metric.OBJECTS, 5, 0),
            // Same readable part ("landing-incoming"), different prefix: only the hash tells them apart.
            new TriggerSpec(with(k -> new CountKey(k.endpoint(), k.region(), k.forcePathStyle(), k.bucket(),
                "incoming", k.suffix(), k.minObjectAge(), k.scanLimit())), Metric.OBJECTS, 5, 0));

    Set<String> names = new HashSet<>();
    variants.forEach(v -> names.add(v.metricName()));

    assertThat(names).hasSize(variants.size());
  }

  @Test
  void metricNameIsBoundedAndOnlyLowercaseAlphanumericsAndDashes() {
    CountKey longKey =
        new CountKey("", "", false, "a.very.long.bucket.name-with-dots", "Some Prefix/ÜBER/äöü/" + "x".repeat(300),
            "", Duration.ZERO, 10);

    String name = new TriggerSpec(longKey, Metric.BYTES, 1, 0).metricName();

    assertThat(name).hasSizeLessThanOrEqualTo(63).matches("s3-bytes-[a-z0-9-]+-[0-9a-f]{10}").doesNotContain("--");
    assertThat(name).startsWith("s3-bytes-a-very-long-bucket-name-with-dots-some-pref");
  }

  @Test
  void valueAndActivationFollowTheMetric() {
    TriggerSpec bytes = new TriggerSpec(KEY, Metric.BYTES, 1000, 500);

    assertThat(SPEC.valueOf(count(7, 900))).isEqualTo(7);
    assertThat(bytes.valueOf(count(7, 900))).isEqualTo(900);
    // KEDA: active when the value is strictly above the activation target.
    assertThat(SPEC.isActive(count(0, 900))).isFalse();
    assertThat(SPEC.isActive(count(1, 0))).isTrue();
    assertThat(bytes.isActive(count(7, 500))).isFalse();
    assertThat(bytes.isActive(count(7, 501))).isTrue();
  }
}
