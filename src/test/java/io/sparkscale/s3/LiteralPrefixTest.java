package io.sparkscale.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.sparkscale.backlog.BacklogUnavailableException;
import io.sparkscale.backlog.CacheSettings;
import io.sparkscale.backlog.CountKey;
import io.sparkscale.grpc.ScalerHarness;
import io.sparkscale.grpc.externalscaler.GetMetricsRequest;
import io.sparkscale.tenancy.TenantPolicy;
import io.sparkscale.testkit.Await;
import io.sparkscale.trigger.ServerDefaults;
import io.sparkscale.trigger.TriggerParser;
import io.sparkscale.units.InvalidInputException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Finding 3 of issue 20 against s3proxy's filesystem backend, which normalises paths: `in/../` listed the
 * whole bucket, so a tenant granted `in/` counted (and with metric bytes, sized) another folder's objects.
 * Prefixes are now literal: dot segments are refused, and a listing that returns a key outside the
 * requested prefix is a store error, never a count.
 */
class LiteralPrefixTest {

  static final TenantPolicy POLICY = TenantPolicy.fromTree(Map.of("namespaces", Map.of(
      "tenant-b", List.of("s3://lake-b/in/", "s3://shared/inbox/team-b"))));
  static S3ProxyServer s3;
  static S3BacklogSource source;
  static ScalerHarness scaler;

  @BeforeAll
  static void start() throws Exception {
    s3 = S3ProxyServer.start();
    Instant old = Instant.now().minusSeconds(60);
    s3.put("lake-b", "in/b1.csv", new byte[10], old);
    for (int i = 1; i <= 5; i++) {
      s3.put("lake-b", "secret/payroll-" + i + ".csv", new byte[1000], old);
    }
    s3.put("shared", "inbox/team-b/1.csv", new byte[10], old);
    s3.put("shared", "inbox/team-b/2.csv", new byte[10], old);
    for (int i = 1; i <= 7; i++) {
      s3.put("shared", "inbox/team-c/" + i + ".csv", new byte[1000], old);
    }
    source = new S3BacklogSource(S3Settings.defaults(), S3ProxyServer.credentials());
    ServerDefaults defaults = new ServerDefaults(s3.endpoint(), "us-east-1", true, List.of());
    scaler = ScalerHarness.start(source, CacheSettings.defaults(), new TriggerParser(defaults, POLICY));
  }

  @AfterAll
  static void stop() throws Exception {
    if (scaler != null) {
      scaler.close();
    }
    if (source != null) {
      source.close();
    }
    if (s3 != null) {
      s3.close();
    }
  }

  static long getMetrics(Map<String, String> metadata) {
    GetMetricsRequest request = GetMetricsRequest.newBuilder()
        .setScaledObjectRef(ScalerHarness.ref("tenant-b", metadata)).setMetricName("m").build();
    return scaler.blocking().getMetrics(request).getMetricValues(0).getMetricValue();
  }

  @Test
  void grantedPrefixesCountTheirOwnObjects() throws Exception {
    assertThat(firstCount(Map.of("bucket", "lake-b", "prefix", "in/"))).isEqualTo(1);
    assertThat(firstCount(Map.of("bucket", "shared", "prefix", "inbox/team-b/"))).isEqualTo(2);
  }

  /** A first listing may outlast one call's answer deadline; KEDA simply asks again, and so does this. */
  static long firstCount(Map<String, String> metadata) throws Exception {
    return Await.success("a first count of " + metadata, Await.DEFAULT, () -> getMetrics(metadata),
        e -> e instanceof StatusRuntimeException sre && sre.getStatus().getCode() == Status.Code.UNAVAILABLE);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"lake-b in/../", "lake-b in/..", "lake-b in/./../", "shared inbox/team-b/../",
      "shared inbox/team-b/../team-c/", "lake-b in\\..\\"})
  void dotSegmentsAreInvalidArgumentWhateverTheMetric(String bucketAndPrefix) {
    String bucket = bucketAndPrefix.substring(0, bucketAndPrefix.indexOf(' '));
    String prefix = bucketAndPrefix.substring(bucketAndPrefix.indexOf(' ') + 1);
    for (String metric : List.of("objects", "bytes")) {
      Map<String, String> metadata = new HashMap<>(Map.of("bucket", bucket, "prefix", prefix, "metric", metric));
      if (metric.equals("bytes")) {
        metadata.put("targetBytes", "1KB");
      }
      StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class, () -> getMetrics(metadata));
      assertThat(refused).as(metric + " of " + prefix + " answered a count").isNotNull();
      assertThat(refused.getStatus().getCode()).as(refused.getStatus().toString())
          .isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(refused.getStatus().getDescription()).startsWith("prefix: ").contains("'.' or '..'");
    }
  }

  /** Past the parser (a store that normalises other forms too): the listing itself refuses to count. */
  @Test
  void aListingThatReturnsKeysOutsideThePrefixIsAStoreError() {
    CountKey escaped = new CountKey(s3.endpoint(), "us-east-1", true, "lake-b", "in/../", "", Duration.ZERO, 1000);
    assertThatThrownBy(() -> source.count(escaped))
        .isInstanceOf(BacklogUnavailableException.class)
        .hasMessageContaining("outside the requested prefix")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("payroll"));
    List<String> seen = new ArrayList<>();
    assertThatThrownBy(() -> source.listAll(escaped, page -> page.forEach(o -> seen.add(o.key()))))
        .isInstanceOf(BacklogUnavailableException.class)
        .hasMessageContaining("outside the requested prefix");
    assertThat(seen).as("no page of foreign keys handed on").allSatisfy(k -> assertThat(k).startsWith("in/../"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"s3://lake-b/../", "s3://lake-b/in/../secret/", "s3://lake-b/./in/", "s3://lake-b/in/.."})
  void aGrantWithDotSegmentsIsRefused(String grant) {
    assertThatThrownBy(() -> TenantPolicy.fromTree(Map.of("namespaces", Map.of("tenant-b", List.of(grant)))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("namespaces.tenant-b[0]")
        .hasMessageContaining("'.' or '..'");
  }
}
