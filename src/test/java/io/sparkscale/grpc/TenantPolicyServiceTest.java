package io.sparkscale.grpc;

import static io.sparkscale.grpc.ScalerHarness.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.sparkscale.backlog.CacheSettings;
import io.sparkscale.grpc.externalscaler.GetMetricsRequest;
import io.sparkscale.tenancy.TenantPolicy;
import io.sparkscale.trigger.ServerDefaults;
import io.sparkscale.trigger.TriggerParser;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The tenant policy through the real server: refusals are PERMISSION_DENIED and never reach the store. */
class TenantPolicyServiceTest {

  static final TenantPolicy POLICY = TenantPolicy.fromTree(Map.of("namespaces", Map.of(
      "team-a", List.of("s3://lake-a/"),
      "team-b", List.of("s3://shared/inbox/team-b/"))));

  final FakeBacklog store = new FakeBacklog().set("lake-a", 3).set("shared", 4);
  ScalerHarness scaler;

  @BeforeEach
  void start() throws Exception {
    scaler = ScalerHarness.start(store, CacheSettings.defaults(), new TriggerParser(ServerDefaults.aws(), POLICY));
  }

  @AfterEach
  void stop() throws InterruptedException {
    scaler.close();
  }

  @ParameterizedTest(name = "{0} asks s3://{1}/{2}")
  @CsvSource({
    "team-a, lake-a, '',              3",
    "team-b, shared, inbox/team-b/,   4",
    "team-b, shared, inbox/team-b/x/, 4",
  })
  void aNamespaceCountsWhatItIsGranted(String namespace, String bucket, String prefix, long value) {
    GetMetricsRequest request = GetMetricsRequest.newBuilder()
        .setScaledObjectRef(ref(namespace, Map.of("bucket", bucket, "prefix", prefix))).setMetricName("m").build();
    assertThat(scaler.blocking().getMetrics(request).getMetricValues(0).getMetricValue()).isEqualTo(value);
  }

  @ParameterizedTest(name = "{0} asks s3://{1}/{2}")
  @CsvSource({
    "team-a, shared,  inbox/team-b/",
    "team-b, shared,  inbox/team-b",
    "team-b, shared,  inbox/team-bad/",
    "team-b, lake-a,  ''",
    "team-c, lake-a,  ''",
    "team-c, no-such-bucket, ''",
    "'',     lake-a,  ''",
  })
  void anythingElseIsPermissionDeniedOnEveryCallBeforeAnyListing(String namespace, String bucket, String prefix) {
    Map<String, String> metadata = Map.of("bucket", bucket, "prefix", prefix, "scanLimit", "1");
    for (String method : List.of("GetMetricSpec", "GetMetrics", "IsActive")) {
      StatusRuntimeException denied = catchThrowableOfType(StatusRuntimeException.class, () -> {
        switch (method) {
          case "GetMetricSpec" -> scaler.blocking().getMetricSpec(ref(namespace, metadata));
          case "GetMetrics" -> scaler.blocking().getMetrics(GetMetricsRequest.newBuilder()
              .setScaledObjectRef(ref(namespace, metadata)).setMetricName("m").build());
          default -> scaler.blocking().isActive(ref(namespace, metadata));
        }
      });
      assertThat(denied).as(method).isNotNull();
      assertThat(denied.getStatus().getCode()).as(method).isEqualTo(Status.Code.PERMISSION_DENIED);
      assertThat(denied.getStatus().getDescription())
          .contains("namespace '" + namespace + "'").contains("bucket '" + bucket + "'");
    }
    // The same answer whether the bucket exists or not: nothing was listed to find out.
    assertThat(store.listings).hasValue(0);
    assertThat(scaler.metrics.grpcRequests("GetMetrics", "PERMISSION_DENIED")).isEqualTo(1);
  }
}
