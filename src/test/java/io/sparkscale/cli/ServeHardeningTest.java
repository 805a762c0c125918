package io.sparkscale.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.sparkscale.grpc.externalscaler.GetMetricsRequest;
import io.sparkscale.grpc.externalscaler.ScaledObjectRef;
import io.sparkscale.s3.S3ProxyServer;
import io.sparkscale.sqs.ElasticMq;
import io.sparkscale.sqs.Notifications;
import io.sparkscale.testkit.Await;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20's attacks on a whole `serve --tenant-policy` against real servers (s3proxy's filesystem backend,
 * ElasticMQ, and a listener that accepts and never answers), as a ScaledObject author in one namespace
 * would try them: another tenant's queue, a hung SQS endpoint, and what /readyz tells every reader.
 */
class ServeHardeningTest {

  static final Duration WITHIN = Duration.ofSeconds(40);
  @TempDir static Path dir;
  static S3ProxyServer s3;
  static ElasticMq sqs;
  static String tenantBQueue;
  static String tenantBPrivate;
  static Path policy;

  @BeforeAll
  static void servers() throws Exception {
    s3 = S3ProxyServer.start();
    Instant old = Instant.now().minusSeconds(60);
    s3.put("lake-a", "in/a1.csv", new byte[10], old);
    s3.put("lake-b", "in/b1.csv", new byte[10], old);
    for (int i = 1; i <= 5; i++) {
      s3.put("lake-b", "secret/payroll-" + i + ".csv", new byte[1000], old);
    }
    sqs = ElasticMq.start();
    tenantBQueue = sqs.createQueue("tenant-b-jobs");
    // Granted to tenant-b but never created: receiving from it fails.
    tenantBPrivate = sqs.endpoint() + "/000000000000/tenant-b-private";
    for (int i = 0; i < 20; i++) {
      sqs.send(tenantBQueue, "{\"job\":" + i + ",\"kind\":\"application message\"}");
    }
    for (int i = 0; i < 10; i++) {
      sqs.send(tenantBQueue, Notifications.s3Created("lake-b", "in/event-" + i + ".csv", 10,
          Notifications.nextSequencer(), Instant.now()));
    }
    policy = dir.resolve("policy.yaml");
    Files.writeString(policy, String.join("\n",
        "namespaces:",
        "  tenant-a: [s3://lake-a/]",
        "  tenant-b:",
        "    - s3://lake-b/in/",
        "    - s3://shared/inbox/team-b",
        "    - " + tenantBQueue,
        "    - " + tenantBPrivate,
        ""));
    // The default credential chain reads these first; the pod's identity plays this part in a cluster.
    System.setProperty("aws.accessKeyId", "test-access");
    System.setProperty("aws.secretAccessKey", "test-secret");
  }

  @AfterAll
  static void stop() {
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
    if (sqs != null) {
      sqs.close();
    }
    if (s3 != null) {
      s3.close();
    }
  }

  static ScaledObjectRef ref(String namespace, Map<String, String> metadata) {
    return ScaledObjectRef.newBuilder().setNamespace(namespace).setName("so").putAllScalerMetadata(metadata).build();
  }

  static GetMetricsRequest metrics(String namespace, Map<String, String> metadata) {
    return GetMetricsRequest.newBuilder().setScaledObjectRef(ref(namespace, metadata)).setMetricName("m").build();
  }

  /** Finding 1: one GetMetrics naming tenant-b's queue drained it. Now refused before any SQS call. */
  @Test
  void aNamespaceCannotNameAQueueItIsNotGranted() throws Exception {
    try (ServeRunner serve = ServeRunner.start("--s3-endpoint", s3.endpoint(),
        "--sqs-endpoint", sqs.endpoint(), "--tenant-policy", policy.toString())) {
      for (String namespace : List.of("tenant-a", "tenant-c")) {
        StatusRuntimeException denied = catchThrowableOfType(StatusRuntimeException.class,
            () -> serve.blocking().getMetrics(metrics(namespace, Map.of("bucket", "lake-a", "prefix", "in/",
                "notificationQueueURL", tenantBQueue))));
        assertThat(denied).as(namespace).isNotNull();
        assertThat(denied.getStatus().getCode()).as(namespace + ": " + denied.getStatus())
            .isEqualTo(Status.Code.PERMISSION_DENIED);
      }
      // tenant-b's own bucket with a queue its entries do not name is refused as well.
      StatusRuntimeException ungranted = catchThrowableOfType(StatusRuntimeException.class,
          () -> serve.blocking().getMetrics(metrics("tenant-b", Map.of("bucket", "lake-b", "prefix", "in/",
              "notificationQueueURL", sqs.endpoint() + "/000000000000/someone-elses"))));
      assertThat(ungranted.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
      assertThat(ungranted.getStatus().getDescription()).contains("notificationQueueURL");

      assertThat(serve.get("/metrics").body()).contains("sparkscale_notification_queues_consumed 0");
      assertThat(sqs.client().getQueueAttributes(b -> b.queueUrl(tenantBQueue)
              .attributeNamesWithStrings("ApproximateNumberOfMessages")).attributesAsStrings())
          .as("nothing was received from tenant-b's queue").containsEntry("ApproximateNumberOfMessages", "30");
    }
  }

  /**
   * Finding 5: /readyz named every tenant's bucket, prefix and queue. It now gives counts and reasons; the
   * names are in the log only.
   */
  @Test
  void readyzSaysWhatIsWrongWithoutNamingBucketsPrefixesOrQueues() throws Exception {
    try (ServeRunner serve = ServeRunner.start("--s3-endpoint", s3.endpoint(),
        "--sqs-endpoint", sqs.endpoint(), "--tenant-policy", policy.toString())) {
      Map<String, String> trigger = Map.of("bucket", "lake-b", "prefix", "in/confidential-project-x/",
          "notificationQueueURL", tenantBPrivate);
      String body = awaitBody(serve, trigger, b -> b.contains("warning:"));
      assertThat(body).startsWith("ok\n").contains("tenant policy: 2 namespace(s)")
          .containsPattern("warning: 1 trigger\\(s\\) in notification mode count by listing")
          .doesNotContain("lake-b").doesNotContain("confidential").doesNotContain("tenant-b-private")
          .doesNotContain("in/").doesNotContain("s3://").doesNotContain(sqs.endpoint());
    }
  }

  /**
   * Finding 4: with an SQS endpoint that accepts and never answers, the count stayed at what seeding found
   * for about 100 s. It now falls back to listing once no receive has completed within --max-staleness.
   */
  @Test
  void aHungSqsEndpointFallsBackToListingWithinMaxStaleness() throws Exception {
    try (HungListener hung = new HungListener()) {
      Instant old = Instant.now().minusSeconds(60);
      for (int i = 0; i < 3; i++) {
        s3.put("lake-h", "q/seed-" + i, new byte[1], old);
      }
      try (ServeRunner serve = ServeRunner.start("--s3-endpoint", s3.endpoint(),
          "--sqs-endpoint", hung.endpoint(), "--max-staleness", "10s")) {
        Map<String, String> trigger = Map.of("bucket", "lake-h", "prefix", "q/",
            "notificationQueueURL", hung.endpoint() + "/000000000000/jobs");
        long started = System.nanoTime();
        awaitValue(serve, trigger, 3);
        for (int i = 0; i < 5; i++) {
          s3.put("lake-h", "q/new-" + i, new byte[1], old);
        }
        awaitValue(serve, trigger, 8);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("from seeding to the listed count")
            .isLessThan(WITHIN);
        assertThat(hung.accepted()).as("the scaler did try the hung endpoint").isPositive();
        // Whichever is noticed first: the receive's own timeout (fitted inside the budget) or the budget.
        assertThat(serve.get("/readyz").body())
            .containsPattern("warning: 1 trigger\\(s\\) in notification mode count by listing: 1"
                + " (receiving from their queue fails|no receive completed within max staleness)")
            .doesNotContain("lake-h");
      }
    }
  }

  static void awaitValue(ServeRunner serve, Map<String, String> trigger, long expected) throws Exception {
    Await.until("GetMetrics to answer " + expected, WITHIN, () -> {
      try {
        return "value " + serve.blocking().getMetrics(metrics("team", trigger)).getMetricValues(0).getMetricValue();
      } catch (StatusRuntimeException e) {
        return e.getStatus().toString();
      }
    }, answer -> answer.equals("value " + expected));
  }

  /** Asks for the trigger (as tenant-b) until /readyz's body satisfies the condition; fails on timeout. */
  static String awaitBody(ServeRunner serve, Map<String, String> trigger, Predicate<String> condition)
      throws Exception {
    return Await.until("/readyz to reach the expected state", WITHIN, () -> {
      try {
        serve.blocking().getMetrics(metrics("tenant-b", trigger));
      } catch (StatusRuntimeException e) {
        assertThat(e.getStatus().getCode()).as(e.getStatus().toString()).isEqualTo(Status.Code.UNAVAILABLE);
      }
      return serve.get("/readyz").body();
    }, condition);
  }

  /** A TCP listener on loopback that accepts connections and never answers them. */
  static final class HungListener implements AutoCloseable {
    private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    private final List<Socket> held = new CopyOnWriteArrayList<>();
    private final Thread acceptor = new Thread(this::accept, "hung-listener");

    HungListener() throws Exception {
      acceptor.setDaemon(true);
      acceptor.start();
    }

    String endpoint() {
      return "http://127.0.0.1:" + server.getLocalPort();
    }

    int accepted() {
      return held.size();
    }

    private void accept() {
      try {
        while (!server.isClosed()) {
          held.add(server.accept());
        }
      } catch (java.io.IOException e) {
        // closed
      }
    }

    @Override
    public void close() throws Exception {
      server.close();
      for (Socket socket : held) {
        socket.close();
      }
    }
  }
}
