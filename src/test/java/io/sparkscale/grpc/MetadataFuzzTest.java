package io.sparkscale.grpc;

import static io.sparkscale.grpc.ScalerHarness.ref;
import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.sparkscale.backlog.CacheSettings;
import io.sparkscale.grpc.externalscaler.GetMetricsRequest;
import io.sparkscale.tenancy.AccessDeniedException;
import io.sparkscale.tenancy.TenantPolicy;
import io.sparkscale.trigger.ServerDefaults;
import io.sparkscale.trigger.TriggerParser;
import io.sparkscale.units.InvalidInputException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Generated metadata maps, from well-formed triggers to garbage (huge, control characters, overflowing
 * numbers, unknown and secret keys, strangers' namespaces), thrown at the parser and at the live server.
 * Seeded, so a failure reproduces; the seed and the map are in the failure message.
 */
class MetadataFuzzTest {

  static final long SEED = 20261129L;
  static final int MAPS = 1_000;
  static final Duration CALL_BOUND = Duration.ofSeconds(3);
  static final String QUEUE_B = "https://sqs.eu-west-1.amazonaws.com/123456789012/team-b";
  static final String LOCAL_QUEUE_B = "http://elasticmq:9324/000000000000/team-b";
  static final TenantPolicy POLICY = TenantPolicy.fromTree(Map.of("namespaces", Map.of(
      "team-a", List.of("s3://lake-a/"), "team-b", List.of("s3://shared/inbox/team-b/", QUEUE_B, LOCAL_QUEUE_B))));
  static final ServerDefaults DEFAULTS = new ServerDefaults("", "eu-west-1", false, List.of("http://minio:9000"))
      .withSqsEndpoint("http://elasticmq:9324");

  static final List<String> KEYS = List.of("bucket", "prefix", "suffix", "metric", "targetObjectCount",
      "activationTargetObjectCount", "targetBytes", "activationTargetBytes", "minObjectAge", "scanLimit", "region",
      "endpoint", "forcePathStyle", "notificationQueueURL", "reconcileInterval", "maxQueueSilence");
  /** Queue URLs: granted to team-b (in several spellings), someone else's, and ones with tricks in them. */
  static final List<String> QUEUES = List.of(QUEUE_B, LOCAL_QUEUE_B,
      "HTTPS://SQS.eu-west-1.amazonaws.com:443/123456789012/team-b", "http://ElasticMQ:9324/000000000000/team-b",
      "https://sqs.eu-west-1.amazonaws.com/123456789012/team-a", "http://elasticmq:9324/000000000000/tenant-b-jobs",
      "https://sqs.eu-west-1.amazonaws.com/123456789012/../123456789012/team-b",
      "https://sqs.eu-west-1.amazonaws.com/123456789012/team%2Db", "http://elasticmq:9324/000000000000/./team-b",
      "https://sqs.eu-west-1.amazonaws.com./123456789012/team-b", "http://evil:9324/000000000000/team-b");
  static final List<String> PREFIXES = List.of("inbox/team-b/", "inbox/team-bad/", "inbox/team-b/../",
      "inbox/team-b/../team-c/", "inbox/team-b/./", "inbox\\team-b\\..\\", "inbox/team-b//", "../");
  static final List<String> ODD_KEYS = List.of("scalerAddress", "enableTLS", "prefx", "awsSecretAccessKey",
      "bucketFromEnv", "prefixFromEnv", "", "\r\n", "k".repeat(200));
  static final List<String> GOOD = List.of("lake-a", "shared", "inbox/team-b/", "inbox/team-b/2026/", "objects",
      "bytes", "5", "0", "10GB", "1.5TiB", "30s", "1h30m", "100", "us-east-1", "http://minio:9000", "true", "false");
  static final List<String> NAMESPACES = List.of("team-a", "team-b", "team-c", "", "team-a\r\nforged");

  @Test
  void theParserAnswersASpecOrOneLineErrorForEveryMap() {
    Random random = new Random(SEED);
    TriggerParser parser = new TriggerParser(DEFAULTS, POLICY);
    Map<Outcome, Integer> seen = new EnumMap<>(Outcome.class);
    for (int i = 0; i < MAPS; i++) {
      Map<String, String> metadata = metadata(random);
      String namespace = NAMESPACES.get(random.nextInt(NAMESPACES.size()));
      long started = System.nanoTime();
      Outcome outcome;
      try {
        var spec = parser.parse(namespace, metadata);
        outcome = Outcome.OK;
        // What was admitted is what the policy grants, literally.
        assertThat(io.sparkscale.trigger.LiteralPrefix.hasDotSegment(spec.key().prefix()))
            .as(describe(i, metadata)).isFalse();
        if (spec.key().notifications() != null) {
          assertThat(namespace).as(describe(i, metadata)).isEqualTo("team-b");
          assertThat(spec.key().notifications().queueUrl()).as(describe(i, metadata)).isIn(QUEUE_B, LOCAL_QUEUE_B);
        }
      } catch (InvalidInputException | AccessDeniedException e) {
        outcome = e instanceof InvalidInputException ? Outcome.INVALID : Outcome.DENIED;
        assertThat(e.getMessage()).as(describe(i, metadata)).doesNotContain("\n").doesNotContain("\r")
            .hasSizeLessThan(1_000);
      }
      assertThat(Duration.ofNanos(System.nanoTime() - started)).as(describe(i, metadata)).isLessThan(CALL_BOUND);
      seen.merge(outcome, 1, Integer::sum);
    }
    assertThat(seen).as("the generator reaches every outcome").containsKeys(Outcome.values());
  }

  @Test
  void theLiveServerAnswersOkInvalidArgumentOrPermissionDeniedForEveryMap() throws Exception {
    Random random = new Random(SEED + 1);
    FakeBacklog store = new FakeBacklog().set("lake-a", 7).set("shared", 9);
    Map<Status.Code, Integer> seen = new EnumMap<>(Status.Code.class);
    try (ScalerHarness scaler =
        ScalerHarness.start(store, CacheSettings.defaults(), new TriggerParser(DEFAULTS, POLICY))) {
      // Connecting and loading classes is not what the bound is about.
      scaler.blocking().getMetricSpec(ref("team-a", Map.of("bucket", "lake-a")));
      for (int i = 0; i < MAPS; i++) {
        Map<String, String> metadata = metadata(random);
        String namespace = NAMESPACES.get(random.nextInt(NAMESPACES.size()));
        var stub = scaler.blocking().withDeadlineAfter(CALL_BOUND.toMillis(), TimeUnit.MILLISECONDS);
        Status.Code code;
        try {
          if (i % 2 == 0) {
            stub.getMetrics(GetMetricsRequest.newBuilder().setScaledObjectRef(ref(namespace, metadata))
                .setMetricName("m").build());
          } else {
            stub.getMetricSpec(ref(namespace, metadata));
          }
          code = Status.Code.OK;
        } catch (StatusRuntimeException e) {
          code = e.getStatus().getCode();
        }
        assertThat(code).as(describe(i, metadata))
            .isIn(Status.Code.OK, Status.Code.INVALID_ARGUMENT, Status.Code.PERMISSION_DENIED);
        seen.merge(code, 1, Integer::sum);
      }
    }
    assertThat(seen).as("the generator reaches every answer")
        .containsKeys(Status.Code.OK, Status.Code.INVALID_ARGUMENT, Status.Code.PERMISSION_DENIED);
  }

  enum Outcome { OK, INVALID, DENIED }

  /** A map that is, with some probability each, well-formed or hostile in one of several ways. */
  static Map<String, String> metadata(Random random) {
    Map<String, String> metadata = new HashMap<>();
    // Most maps are close to real triggers, so that OK and PERMISSION_DENIED are reached as well.
    if (random.nextInt(4) > 0) {
      metadata.put("bucket", random.nextBoolean() ? "lake-a" : "shared");
      if (random.nextBoolean()) {
        metadata.put("prefix", PREFIXES.get(random.nextInt(PREFIXES.size())));
      }
      if (random.nextInt(3) == 0) {
        metadata.put("notificationQueueURL", QUEUES.get(random.nextInt(QUEUES.size())));
      }
    }
    int extra = random.nextInt(4);
    for (int k = 0; k < extra; k++) {
      String key = random.nextInt(6) == 0 ? ODD_KEYS.get(random.nextInt(ODD_KEYS.size()))
          : KEYS.get(random.nextInt(KEYS.size()));
      metadata.put(key, value(random));
    }
    return metadata;
  }

  static String value(Random random) {
    return switch (random.nextInt(10)) {
      case 0, 1 -> GOOD.get(random.nextInt(GOOD.size()));
      case 2 -> random.nextBoolean() ? QUEUES.get(random.nextInt(QUEUES.size()))
          : PREFIXES.get(random.nextInt(PREFIXES.size()));
      case 3 -> "9".repeat(1 + random.nextInt(200_000));
      case 4 -> "1m".repeat(1 + random.nextInt(5_000));
      case 5 -> (random.nextBoolean() ? "" : "-") + random.nextLong() + pick(random, "h", "ms", "PiB", "", "e9");
      case 6 -> "http://AKIA" + random.nextInt(1000) + ":SECRET@" + pick(random, "minio:9000", "evil", "");
      case 7 -> control(random);
      case 8 -> randomText(random, random.nextInt(3) == 0 ? 70_000 : 40);
      default -> pick(random, "", " ", "0", "NaN", "1e999", "true\n", "us-east-1", "us-east-99", "üs-east-1");
    };
  }

  static String control(Random random) {
    StringBuilder out = new StringBuilder("in/");
    for (int i = 0; i < 1 + random.nextInt(10); i++) {
      out.append((char) random.nextInt(0x20)).append("x");
    }
    return out.append('\u2028').append('\u0085').toString();
  }

  static String randomText(Random random, int length) {
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      out.append((char) (random.nextBoolean() ? 0x20 + random.nextInt(0x5f) : random.nextInt(0xD800)));
    }
    return out.toString();
  }

  static String pick(Random random, String... options) {
    return options[random.nextInt(options.length)];
  }

  static String describe(int index, Map<String, String> metadata) {
    Map<String, String> shown = new HashMap<>();
    metadata.forEach((k, v) -> shown.put(k.length() > 40 ? k.substring(0, 40) + "..." : k,
        v.length() > 40 ? v.substring(0, 40) + "...(" + v.length() + ")" : v));
    return "seed " + SEED + ", map " + index + ": " + shown;
  }
}
