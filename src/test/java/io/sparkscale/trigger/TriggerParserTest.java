package io.sparkscale.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkscale.backlog.CountKey;
import io.sparkscale.trigger.TriggerSpec.Metric;
import io.sparkscale.units.InvalidInputException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class TriggerParserTest {

  static final ServerDefaults DEFAULTS =
      new ServerDefaults("", "eu-west-1", false, List.of("http://minio.storage:9000"));
  final TriggerParser parser = new TriggerParser(DEFAULTS);

  static Map<String, String> meta(String... keyValues) {
    Map<String, String> map = new HashMap<>();
    map.put("scalerAddress", "sparkscale.keda:9090");
    map.put("bucket", "landing");
    for (int i = 0; i < keyValues.length; i += 2) {
      if (keyValues[i + 1] == null) {
        map.remove(keyValues[i]);
      } else {
        map.put(keyValues[i], keyValues[i + 1]);
      }
    }
    return map;
  }

  @Test
  void defaultsForAMinimalTrigger() {
    TriggerSpec spec = parser.parse(meta());

    assertThat(spec.metric()).isEqualTo(Metric.OBJECTS);
    assertThat(spec.target()).isEqualTo(5);
    assertThat(spec.activationTarget()).isZero();
    assertThat(spec.key())
        .isEqualTo(new CountKey("", "eu-west-1", false, "landing", "", "", Duration.ZERO, 100_000));
  }

  @Test
  void everyKeyGiven() {
    TriggerSpec spec =
        parser.parse(
            meta(
                "prefix", "incoming/2026/",
                "suffix", ".parquet",
                "metric", "bytes",
                "targetBytes", "10GB",
                "activationTargetBytes", "1MiB",
                "minObjectAge", "5m",
                "scanLimit", "2500",
                "region", "us-west-2",
                "endpoint", "http://MinIO.storage:9000/",
                "forcePathStyle", "true"));

    assertThat(spec.metric()).isEqualTo(Metric.BYTES);
    assertThat(spec.target()).isEqualTo(10_000_000_000L);
    assertThat(spec.activationTarget()).isEqualTo(1_048_576L);
    assertThat(spec.key())
        .isEqualTo(
            new CountKey(
                "http://minio.storage:9000", "us-west-2", true, "landing", "incoming/2026/", ".parquet",
                Duration.ofMinutes(5), 2500));
  }

  @Test
  void objectTargetsAreRead() {
    TriggerSpec spec =
        parser.parse(meta("metric", "objects", "targetObjectCount", "100", "activationTargetObjectCount", "3"));

    assertThat(spec.target()).isEqualTo(100);
    assertThat(spec.activationTarget()).isEqualTo(3);
  }

  @Test
  void serverDefaultsApplyWhenTheTriggerIsSilent() {
    TriggerParser minio =
        new TriggerParser(new ServerDefaults("http://minio:9000/", "", true, List.of()));

    CountKey key = minio.parse(meta()).key();

    assertThat(key.endpoint()).isEqualTo("http://minio:9000");
    assertThat(key.region()).isEmpty();
    assertThat(key.forcePathStyle()).isTrue();
  }

  @Test
  void theServersOwnEndpointMayBeNamedExplicitly() {
    TriggerParser minio = new TriggerParser(new ServerDefaults("http://minio:9000", "", true, List.of()));

    assertThat(minio.parse(meta("endpoint", "http://minio:9000")).key().endpoint())
        .isEqualTo("http://minio:9000");
  }

  @Test
  void fromEnvKeysStandForTheirKey() {
    // KEDA resolves bucketFromEnv and forwards it under the same name with the value.
    TriggerSpec spec = parser.parse(meta("bucket", null, "bucketFromEnv", "landing", "prefixFromEnv", "in/"));

    assertThat(spec.key().bucket()).isEqualTo("landing");
    assertThat(spec.key().prefix()).isEqualTo("in/");
  }

  @Test
  void kedasOwnKeysAreIgnored() {
    TriggerSpec spec = parser.parse(meta("enableTLS", "true", "unsafeSsl", "false"));

    assertThat(spec.key().bucket()).isEqualTo("landing");
  }

  @ParameterizedTest(name = "{0}={1}")
  @MethodSource
  void badValuesNameTheKeyAndWhatItAccepts(String key, String value, String accepted) {
    assertThatThrownBy(() -> parser.parse(meta(key, value)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith(key + ":")
        .hasMessageContaining(accepted)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  static Stream<Arguments> badValuesNameTheKeyAndWhatItAccepts() {
    return Stream.of(
        Arguments.of("bucket", "", "S3 bucket name"),
        Arguments.of("bucket", "ab", "3 to 63"),
        Arguments.of("bucket", "Landing", "lowercase"),
        Arguments.of("bucket", "land_ing", "lowercase"),
        Arguments.of("bucket", "-landing", "starting and ending"),
        Arguments.of("bucket", "landing.", "starting and ending"),
        Arguments.of("bucket", "land..ing", "no '..'"),
        Arguments.of("bucket", "192.168.1.10", "not an IP address"),
        Arguments.of("bucket", "a".repeat(64), "3 to 63"),
        Arguments.of("metric", "count", "use objects or bytes"),
        Arguments.of("metric", "", "use objects or bytes"),
        Arguments.of("targetObjectCount", "0", "from 1 to"),
        Arguments.of("targetObjectCount", "-3", "from 1 to"),
        Arguments.of("targetObjectCount", "2.5", "from 1 to"),
        Arguments.of("targetObjectCount", "", "from 1 to"),
        Arguments.of("targetObjectCount", "99999999999999999999", "from 1 to"),
        Arguments.of("activationTargetObjectCount", "-1", "from 0 to"),
        Arguments.of("activationTargetObjectCount", "many", "from 0 to"),
        Arguments.of("minObjectAge", "5 minutes", "500ms, 30s, 5m"),
        Arguments.of("minObjectAge", "-5s", "500ms, 30s, 5m"),
        Arguments.of("scanLimit", "0", "from 1 to"),
        Arguments.of("scanLimit", "1e6", "from 1 to"),
        Arguments.of("scanLimit", "100000001", "from 1 to 100000000"),
        Arguments.of("region", "US East", "such as us-east-1"),
        Arguments.of("endpoint", "minio:9000", "http:// or https://"),
        Arguments.of("endpoint", "ftp://minio:9000", "http:// or https://"),
        Arguments.of("endpoint", "http://minio:9000/bucket", "without path"),
        Arguments.of("endpoint", "http://user:pw@minio:9000", "without path, user"),
        Arguments.of("endpoint", "http://elsewhere:9000", "--allow-endpoint"),
        Arguments.of("forcePathStyle", "yes", "use true or false"),
        Arguments.of("prefix", "p".repeat(1025), "at most 1024 bytes"),
        Arguments.of("prefix", "s3://landing/incoming/", "without s3:// and bucket"),
        Arguments.of("prefix", "in/../", "without '.' or '..' path segments"),
        Arguments.of("prefix", "..", "without '.' or '..' path segments"),
        Arguments.of("prefix", "./in/", "without '.' or '..' path segments"),
        Arguments.of("prefix", "in/./x", "without '.' or '..' path segments"),
        Arguments.of("prefix", "in\\..\\", "without '.' or '..' path segments"),
        Arguments.of("prefix", "in/..", "without '.' or '..' path segments"),
        Arguments.of("suffix", "s".repeat(1025), "at most 1024 bytes"));
  }

  /** Dots inside a segment, empty segments and escapes are ordinary key text that stores do not resolve. */
  @ParameterizedTest
  @ValueSource(strings = {"..hidden/", "in/.x/", "in/x./", "in//", "in/%2e%2e/", "in/...", "v1.2/"})
  void prefixesThatOnlyLookLikeDotSegmentsAreLiteral(String prefix) {
    assertThat(parser.parse(meta("prefix", prefix)).key().prefix()).isEqualTo(prefix);
  }

  @Test
  void refusedEndpointListsWhatIsAllowed() {
    assertThatThrownBy(() -> parser.parse(meta("endpoint", "http://evil.example:80")))
        .hasMessageContaining("allowed: http://minio.storage:9000");
    TriggerParser awsOnly = new TriggerParser(ServerDefaults.aws());
    assertThatThrownBy(() -> awsOnly.parse(meta("endpoint", "http://minio.storage:9000")))
        .hasMessageContaining("allowed: none");
  }

  @Test
  void bytesBadValues() {
    assertThatThrownBy(() -> parser.parse(meta("metric", "bytes")))
        .hasMessageStartingWith("targetBytes: required when metric is bytes")
        .hasMessageContaining("500GB");
    assertThatThrownBy(() -> parser.parse(meta("metric", "bytes", "targetBytes", "0")))
        .hasMessageStartingWith("targetBytes:")
        .hasMessageContaining("greater than zero");
    assertThatThrownBy(() -> parser.parse(meta("metric", "bytes", "targetBytes", "10 gallons")))
        .hasMessageStartingWith("targetBytes:")
        .hasMessageContaining("KiB");
    assertThatThrownBy(
            () -> parser.parse(meta("metric", "bytes", "targetBytes", "1GB", "activationTargetBytes", "x")))
        .hasMessageStartingWith("activationTargetBytes:");
  }

  @ParameterizedTest
  @ValueSource(strings = {"targetBytes", "activationTargetBytes"})
  void byteTargetsWithObjectMetricAreRefused(String key) {
    assertThatThrownBy(() -> parser.parse(meta(key, "1GB")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            key + ": only applies when metric is bytes, but metric is objects; remove it or set metric: bytes");
  }

  @ParameterizedTest
  @ValueSource(strings = {"targetObjectCount", "activationTargetObjectCount"})
  void objectTargetsWithBytesMetricAreRefused(String key) {
    assertThatThrownBy(() -> parser.parse(meta("metric", "bytes", "targetBytes", "1GB", key, "5")))
        .hasMessageStartingWith(key + ": only applies when metric is objects");
  }

  @Test
  void missingBucket() {
    assertThatThrownBy(() -> parser.parse(meta("bucket", null)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("bucket: required; use an S3 bucket name");
    assertThatThrownBy(() -> parser.parse(null)).hasMessageStartingWith("bucket: required");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "awsAccessKeyID", "awsSecretAccessKey", "secretKey", "accessKey", "sessionToken", "awsSessionToken",
        "password", "token", "AWS_SECRET_ACCESS_KEY", "awsSecretAccessKeyFromEnv", "tlsClientKey",
        "credentials"
      })
  void credentialKeysAreRefusedWithoutEchoingTheValue(String key) {
    assertThatThrownBy(() -> parser.parse(meta(key, "wJalrXUtnFEMI-SECRET-VALUE")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith(key + ": refused: trigger metadata travels to the scaler in plaintext")
        .hasMessageContaining("IRSA, EKS Pod Identity or GKE Workload Identity")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("SECRET-VALUE"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"prefx", "Bucket", "targetObjects", "tlsCertFile", "somethingFromEnv"})
  void unknownKeysAreRefusedWithTheAcceptedList(String key) {
    assertThatThrownBy(() -> parser.parse(meta(key, "x")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith(key + ": unknown trigger metadata key; accepted keys: bucket, prefix, suffix")
        .hasMessageContaining("forcePathStyle")
        .hasMessageContaining("FromEnv");
  }

  @Test
  void aKeyGivenTwiceIsRefused() {
    assertThatThrownBy(() -> parser.parse(meta("prefixFromEnv", "a/", "prefix", "b/")))
        .hasMessage("prefix: given both as prefix and prefixFromEnv; use one of them");
  }

  @Test
  void caseOfEnumValuesDoesNotMatter() {
    TriggerSpec spec = parser.parse(meta("metric", "BYTES", "targetBytes", "1GB", "forcePathStyle", "TRUE"));

    assertThat(spec.metric()).isEqualTo(Metric.BYTES);
    assertThat(spec.key().forcePathStyle()).isTrue();
  }

  @Test
  void serverFlagsAreValidatedToo() {
    assertThatThrownBy(() -> new ServerDefaults("minio:9000", "", true, List.of()))
        .hasMessageStartingWith("--s3-endpoint: 'minio:9000' is not valid; use an http://");
    assertThatThrownBy(() -> new ServerDefaults("", "", true, List.of("http://a:1/path")))
        .hasMessageStartingWith("--allow-endpoint:");
  }
}
