package io.sparkscale.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.NettyChannelBuilder;
import io.sparkscale.bench.ServeProcess;
import io.sparkscale.grpc.externalscaler.ExternalScalerGrpc;
import io.sparkscale.grpc.externalscaler.GetMetricsRequest;
import io.sparkscale.grpc.externalscaler.IsActiveResponse;
import io.sparkscale.grpc.externalscaler.ScaledObjectRef;
import io.sparkscale.s3.S3ProxyServer;
import io.sparkscale.testkit.Await;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * KEDA's calls against the packaged artifact: the JVM jar, or the native executable with -Dnative (what
 * a native image may lack shows up here: reflection on protobuf messages, SDK resources, TLS classes).
 */
class ScalerPackagedIT {

  static S3ProxyServer s3;
  static ServeProcess serve;
  static ManagedChannel channel;

  @BeforeAll
  static void start() throws Exception {
    s3 = S3ProxyServer.start();
    Instant old = Instant.now().minusSeconds(3600);
    s3.put("landing", "in/a.parquet", new byte[100], old);
    s3.put("landing", "in/b.parquet", new byte[200], old);
    s3.put("landing", "in/c.csv", new byte[300], old);
    s3.put("landing", "in/fresh.parquet", new byte[400], null);
    serve = ServeProcess.start(s3.endpoint(), List.of());
    channel = NettyChannelBuilder.forAddress("127.0.0.1", serve.grpcPort()).usePlaintext().build();
  }

  @AfterAll
  static void stop() throws Exception {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    if (serve != null) {
      serve.close();
    }
    if (s3 != null) {
      s3.close();
    }
  }

  static ScaledObjectRef ref(Map<String, String> metadata) {
    return ScaledObjectRef.newBuilder().setName("spark-connect").setNamespace("spark")
        .putAllScalerMetadata(metadata).build();
  }

  static ExternalScalerGrpc.ExternalScalerBlockingStub scaler() {
    return ExternalScalerGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  /** The first call for a trigger may find its listing in progress (UNAVAILABLE); KEDA asks again. */
  static long metric(Map<String, String> metadata) throws Exception {
    GetMetricsRequest request = GetMetricsRequest.newBuilder().setScaledObjectRef(ref(metadata))
        .setMetricName("s3").build();
    try {
      return Await.success("GetMetrics of " + metadata + " to answer", Duration.ofSeconds(60),
          () -> scaler().getMetrics(request).getMetricValues(0).getMetricValue(),
          e -> e instanceof StatusRuntimeException);
    } catch (AssertionError timedOut) {
      throw new AssertionError(timedOut.getMessage() + "\n" + serve.output(), timedOut);
    }
  }

  @Test
  void answersKedasCallsWithFilters() throws Exception {
    Map<String, String> parquet = Map.of("bucket", "landing", "prefix", "in/", "suffix", ".parquet",
        "minObjectAge", "5m");
    assertThat(scaler().getMetricSpec(ref(parquet)).getMetricSpecs(0).getMetricName()).startsWith("s3-objects-");
    assertThat(metric(parquet)).isEqualTo(2);
    assertThat(metric(Map.of("bucket", "landing", "prefix", "in/", "metric", "bytes", "targetBytes", "1KB")))
        .isEqualTo(1000);
    assertThat(metric(Map.of("bucket", "landing", "prefix", "in/", "scanLimit", "2"))).isEqualTo(2);
    assertThat(scaler().isActive(ref(parquet)).getResult()).isTrue();
    Iterator<IsActiveResponse> stream = ExternalScalerGrpc.newBlockingStub(channel)
        .withDeadlineAfter(10, TimeUnit.SECONDS).streamIsActive(ref(parquet));
    assertThat(stream.next().getResult()).isTrue();
  }

  @Test
  void refusesBadMetadataAndReportsHealth() {
    try {
      scaler().getMetricSpec(ref(Map.of("bucket", "landing", "prefx", "in/")));
      throw new AssertionError("a misspelt key must be refused");
    } catch (StatusRuntimeException e) {
      assertThat(e.getStatus().getCode().name()).isEqualTo("INVALID_ARGUMENT");
      assertThat(e.getStatus().getDescription()).contains("prefx");
    }
    assertThat(HealthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
        .check(HealthCheckRequest.getDefaultInstance()).getStatus())
        .isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
  }
}
