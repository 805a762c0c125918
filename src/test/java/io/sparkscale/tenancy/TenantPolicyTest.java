package io.sparkscale.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkscale.backlog.CountKey;
import io.sparkscale.backlog.NotificationQueue;
import io.sparkscale.units.InvalidInputException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

class TenantPolicyTest {

  static final TenantPolicy POLICY = TenantPolicy.fromTree(Map.of("namespaces", Map.of(
      "team-a", List.of("s3://lake-a/"),
      "team-b", List.of("s3://shared/inbox/team-b/", "s3://shared/outbox/team-b"),
      "team-c", List.of("s3://lake-c"))));

  static CountKey key(String bucket, String prefix) {
    return new CountKey("", "", false, bucket, prefix, "", Duration.ZERO, 100);
  }

  @ParameterizedTest(name = "{0} counts s3://{1}/{2}: {3}")
  @CsvSource({
    "team-a, lake-a, '',                  true",
    "team-a, lake-a, any/thing,           true",
    "team-a, lake-b, '',                  false",
    "team-a, shared, inbox/team-b/,       false",
    "team-b, shared, inbox/team-b/,       true",
    "team-b, shared, inbox/team-b/2026/,  true",
    "team-b, shared, inbox/team-b/x.csv,  true",
    // a shorter prefix would list other folders' keys too
    "team-b, shared, inbox/team-b,        false",
    "team-b, shared, inbox/,              false",
    "team-b, shared, '',                  false",
    // path boundaries: team-bad is not team-b
    "team-b, shared, inbox/team-bad/,     false",
    // an entry without the trailing slash still names a folder
    "team-b, shared, outbox/team-b/,      true",
    "team-b, shared, outbox/team-bx/,     false",
    "team-c, lake-c, x/,                  true",
    "team-z, lake-a, '',                  false",
    "'',     lake-a, '',                  false",
  })
  void admitsOnlyWhatANamespacesEntriesCover(String namespace, String bucket, String prefix, boolean admitted) {
    if (admitted) {
      assertThatCode(() -> POLICY.admit(namespace, key(bucket, prefix))).doesNotThrowAnyException();
    } else {
      assertThatThrownBy(() -> POLICY.admit(namespace, key(bucket, prefix)))
          .isInstanceOf(AccessDeniedException.class)
          .hasMessageContaining("namespace '" + namespace + "'")
          .hasMessageContaining("bucket '" + bucket + "'")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("exist"));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void badPoliciesAreRefusedWithOneLine(String label, Object document, String message) {
    assertThatThrownBy(() -> TenantPolicy.fromTree(document))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(message)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  static Stream<Arguments> badPoliciesAreRefusedWithOneLine() {
    return Stream.of(
        Arguments.of("empty", null, "empty or not a map"),
        Arguments.of("a list", List.of("s3://a/"), "empty or not a map"),
        Arguments.of("unknown key", Map.of("namespace", Map.of()), "'namespace': unknown key"),
        Arguments.of("no namespaces", Map.of("namespaces", Map.of()), "lists no namespace"),
        Arguments.of("bad namespace", Map.of("namespaces", Map.of("Team_A", List.of("s3://a-bucket/"))),
            "a namespace name is 1 to 63"),
        Arguments.of("no entries", Map.of("namespaces", Map.of("team-a", List.of())), "namespaces.team-a:"),
        Arguments.of("entry not a list", Map.of("namespaces", Map.of("team-a", "s3://lake-a/")),
            "namespaces.team-a:"),
        Arguments.of("not s3", Map.of("namespaces", Map.of("team-a", List.of("https://lake-a/"))),
            "namespaces.team-a[0]:"),
        Arguments.of("bad bucket", Map.of("namespaces", Map.of("team-a", List.of("s3://Lake_A/"))),
            "namespaces.team-a[0]:"),
        Arguments.of("number entry", Map.of("namespaces", Map.of("team-a", List.of(42))),
            "namespaces.team-a[0]: give an s3://"));
  }

  static final String QUEUE_B = "https://sqs.eu-west-1.amazonaws.com/123456789012/team-b-uploads";
  static final TenantPolicy WITH_QUEUES = TenantPolicy.fromTree(Map.of("namespaces", Map.of(
      "team-a", List.of("s3://lake-a/"),
      "team-b", List.of("s3://shared/inbox/team-b/", "HTTPS://SQS.eu-west-1.amazonaws.com:443/123456789012/team-b-uploads",
          "http://elasticmq:9324/000000000000/team-b-local"))));

  static CountKey queued(String bucket, String prefix, String queueUrl) {
    return new CountKey("", "", false, bucket, prefix, "", Duration.ZERO, 100,
        new NotificationQueue(queueUrl, Duration.ZERO, Duration.ofMinutes(10)));
  }

  /** Queue entries match the whole (normalised) URL; the trigger's URL arrives normalised by the parser. */
  @ParameterizedTest(name = "{0} uses {3}: {4}")
  @CsvSource({
    "team-b, shared, inbox/team-b/, https://sqs.eu-west-1.amazonaws.com/123456789012/team-b-uploads, true",
    "team-b, shared, inbox/team-b/, http://elasticmq:9324/000000000000/team-b-local,                 true",
    "team-a, lake-a, '',            https://sqs.eu-west-1.amazonaws.com/123456789012/team-b-uploads, false",
    "team-b, shared, inbox/team-b/, https://sqs.eu-west-1.amazonaws.com/123456789012/team-b-upload,  false",
    "team-b, shared, inbox/team-b/, https://sqs.eu-west-1.amazonaws.com/123456789012/team-b-uploads2, false",
    "team-b, shared, inbox/team-b/, https://sqs.eu-west-1.amazonaws.com/123456789013/team-b-uploads, false",
    "team-b, shared, inbox/team-b/, https://sqs.eu-west-2.amazonaws.com/123456789012/team-b-uploads, false",
    "team-b, shared, inbox/team-b/, http://elasticmq:9325/000000000000/team-b-local,                 false",
    "team-c, shared, inbox/team-b/, https://sqs.eu-west-1.amazonaws.com/123456789012/team-b-uploads, false",
  })
  void queuesAreAdmittedOnlyToTheNamespacesThatNameThem(
      String namespace, String bucket, String prefix, String queueUrl, boolean admitted) {
    if (admitted) {
      assertThatCode(() -> WITH_QUEUES.admit(namespace, queued(bucket, prefix, queueUrl))).doesNotThrowAnyException();
    } else {
      assertThatThrownBy(() -> WITH_QUEUES.admit(namespace, queued(bucket, prefix, queueUrl)))
          .isInstanceOf(AccessDeniedException.class)
          .hasMessageContaining("namespace '" + namespace + "'");
    }
  }

  @Test
  void aPolicyWithoutQueueEntriesAdmitsListingOnly() {
    assertThatCode(() -> POLICY.admit("team-a", key("lake-a", "in/"))).doesNotThrowAnyException();
    assertThatThrownBy(() -> POLICY.admit("team-a", queued("lake-a", "in/", QUEUE_B)))
        .isInstanceOf(AccessDeniedException.class).hasMessageContaining("notificationQueueURL");
    assertThat(POLICY.grantsQueue(QUEUE_B)).isFalse();
    assertThat(WITH_QUEUES.grantsQueue(QUEUE_B)).isTrue();
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {
    "https://sqs.eu-west-1.amazonaws.com/123456789012/../q",
    "https://sqs.eu-west-1.amazonaws.com/123456789012/%71",
    "https://user@sqs.eu-west-1.amazonaws.com/123456789012/q",
    "https://sqs.eu-west-1.amazonaws.com/123456789012/q?Action=x",
    "https://sqs.eu-west-1.amazonaws.com./123456789012/q",
    "sqs://eu-west-1/123456789012/q",
    "https://sqs.eu-west-1.amazonaws.com/q",
    "s3://lake-a/in/../",
    "s3://lake-a/./"
  })
  void badEntriesAreRefusedNamingTheirPlace(String entry) {
    assertThatThrownBy(() -> TenantPolicy.fromTree(Map.of("namespaces", Map.of("team-a", List.of("s3://lake-a/", entry)))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("namespaces.team-a[1]: ")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void aRefusedReloadIsDescribedWithoutTheValuesItQuoted() {
    TenantGate gate = new TenantGate(POLICY, java.time.Instant.EPOCH);
    gate.refused("--tenant-policy: /p.yaml: namespaces.team-b[0]: 's3://secret-bucket/x/../' is not valid; give ...");
    assertThat(gate.describe()).contains("last reload refused", "namespaces.team-b[0]")
        .doesNotContain("secret-bucket");
  }

  @ParameterizedTest
  @CsvSource({"s3://lake-a, lake-a, ''", "s3://lake-a/, lake-a, ''", "s3://lake-a/in, lake-a, in/",
      "s3://lake-a/in/, lake-a, in/"})
  void entriesNameABucketOrAFolder(String entry, String bucket, String prefix) {
    assertThat(S3Grant.parse("e", entry)).isEqualTo(new S3Grant(bucket, prefix));
  }
}
