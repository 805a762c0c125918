package io.sparkscale.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkscale.cli.CliRunner.Result;
import io.sparkscale.cli.CliRunner;
import io.sparkscale.render.KubernetesModels;
import io.sparkscale.render.Manifests;
import io.sparkscale.render.Yaml;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KedaRenderTest {

  static final String[] SCALED_OBJECT = {
    "render", "scaledobject", "--name", "connect", "--namespace", "spark", "--target-name",
    "spark-connect", "--scaler-address", "sparkscale.keda.svc:9090", "--bucket", "landing",
    "--prefix", "incoming/", "--target-object-count", "20", "--min-object-age", "30s"
  };

  @Test
  void scaledObjectIsValidAndItsMetadataIsAllStrings() {
    Result r = CliRunner.run(SCALED_OBJECT);
    assertThat(r.exitCode()).as(r.err()).isZero();
    List<JsonNode> docs = Manifests.assertValid(r.out());
    assertThat(docs).hasSize(1);
    JsonNode trigger = docs.get(0).at("/spec/triggers/0");
    assertThat(trigger.path("type").asText()).isEqualTo("external");
    JsonNode metadata = trigger.path("metadata");
    assertThat(metadata.path("scalerAddress").asText()).isEqualTo("sparkscale.keda.svc:9090");
    assertThat(metadata.path("targetObjectCount").isTextual()).isTrue();
    assertThat(metadata.path("targetObjectCount").asText()).isEqualTo("20");
    assertThat(metadata.path("minObjectAge").asText()).isEqualTo("30s");
    metadata.fields().forEachRemaining(f -> assertThat(f.getValue().isTextual()).as(f.getKey()).isTrue());
    assertThat(r.out()).contains("targetObjectCount: \"20\"");
    assertThat(docs.get(0).at("/spec/minReplicaCount").asInt()).isZero();
    assertThat(docs.get(0).at("/spec/scaleTargetRef/kind").asText()).isEqualTo("Deployment");
  }

  @Test
  void bytesMetricWritesByteCountsAndPushUsesExternalPush() {
    Result r =
        CliRunner.run(
            "render", "scaledobject", "--name", "a", "--target-name", "b", "--scaler-address", "s:9090",
            "--bucket", "landing", "--metric", "bytes", "--target-bytes", "10GB",
            "--activation-target-bytes", "0", "--push", "--fallback-replicas", "2",
            "--target-kind", "statefulset", "--force-path-style", "--s3-endpoint", "http://minio:9000");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode so = Manifests.assertValid(r.out()).get(0);
    assertThat(so.at("/spec/triggers/0/type").asText()).isEqualTo("external-push");
    assertThat(so.at("/spec/triggers/0/metadata/targetBytes").asText()).isEqualTo("10000000000");
    assertThat(so.at("/spec/triggers/0/metadata/forcePathStyle").asText()).isEqualTo("true");
    assertThat(so.at("/spec/fallback/replicas").asInt()).isEqualTo(2);
    assertThat(so.at("/spec/scaleTargetRef/kind").asText()).isEqualTo("StatefulSet");
  }

  @Test
  void tlsAddsATriggerAuthenticationTheTriggerReferences() {
    Result r = CliRunner.run(Stream.concat(Stream.of(SCALED_OBJECT), Stream.of("--tls-secret", "sparkscale-tls"))
        .toArray(String[]::new));
    assertThat(r.exitCode()).as(r.err()).isZero();
    List<JsonNode> docs = Manifests.assertValid(r.out());
    assertThat(docs).extracting(d -> d.path("kind").asText())
        .containsExactly("TriggerAuthentication", "ScaledObject");
    String authName = docs.get(0).at("/metadata/name").asText();
    assertThat(docs.get(1).at("/spec/triggers/0/authenticationRef/name").asText()).isEqualTo(authName);
    assertThat(docs.get(0).at("/spec/secretTargetRef"))
        .extracting(ref -> ref.path("parameter").asText())
        .containsExactly("caCert", "tlsClientCert", "tlsClientKey");
  }

  @Test
  void badInputExitsTwoWithOneLineNamingTheFlag() {
    assertBad(new String[] {"--bucket", "Not_A_Bucket"}, "--bucket");
    assertBad(new String[] {"--metric", "bytes"}, "--target-object-count");
    assertBad(new String[] {"--max-replicas", "0"}, "--max-replicas");
    assertBad(new String[] {"--min-object-age", "soon"}, "--min-object-age");
    assertBad(new String[] {"--target-kind", "Job"}, "--target-kind");
    assertBad(new String[] {"--metric", "lines"}, "--metric");
    assertBad(new String[] {"--scaler-address", "nohost"}, "--scaler-address");
    assertBad(new String[] {"--target-bytes", "1GB"}, "--target-bytes");
  }

  @Test
  void longRunningTargetsLoseOneReplicaPerPeriodAndKeepTheirReplicasThroughAScalerOutage() {
    Result r = CliRunner.run(Stream.concat(Stream.of(SCALED_OBJECT), Stream.of("--fallback-replicas", "1"))
        .toArray(String[]::new));
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode so = Manifests.assertValid(r.out()).get(0);
    JsonNode behavior = so.at("/spec/advanced/horizontalPodAutoscalerConfig/behavior");
    // Scale-down: after 600 s of a stable low, one server per 600 s (the HPA's default takes all in 15 s).
    assertThat(behavior.at("/scaleDown/stabilizationWindowSeconds").asInt()).isEqualTo(600);
    assertThat(behavior.at("/scaleDown/policies")).hasSize(1);
    assertThat(behavior.at("/scaleDown/policies/0/type").asText()).isEqualTo("Pods");
    assertThat(behavior.at("/scaleDown/policies/0/value").asInt()).isEqualTo(1);
    assertThat(behavior.at("/scaleDown/policies/0/periodSeconds").asInt()).isEqualTo(600);
    // Scale-up stays Kubernetes' default: a backlog gets servers at once.
    assertThat(behavior.at("/scaleUp/stabilizationWindowSeconds").asInt()).isZero();
    assertThat(behavior.at("/scaleUp/policies")).extracting(p -> p.path("type").asText() + p.path("value").asInt())
        .containsExactly("Percent100", "Pods4");
    // KEDA's doFallback: max(current replicas, fallback.replicas), so 4 servers stay 4 during an S3 outage.
    assertThat(so.at("/spec/fallback/behavior").asText()).isEqualTo("currentReplicasIfHigher");
    assertThat(so.at("/spec/fallback/replicas").asInt()).isEqualTo(1);

    Result slower = CliRunner.run(Stream.concat(Stream.of(SCALED_OBJECT), Stream.of("--scale-down-period", "1800"))
        .toArray(String[]::new));
    JsonNode slow = Manifests.assertValid(slower.out()).get(0);
    assertThat(slow.at("/spec/advanced/horizontalPodAutoscalerConfig/behavior/scaleDown/policies/0/periodSeconds")
        .asInt()).isEqualTo(1800);
    assertThat(slow.at("/spec/fallback").isMissingNode()).as("no fallback asked: the HPA keeps its replicas").isTrue();
  }

  @Test
  void scaleDownPeriodAndFallbackReplicasKeepToWhatTheHpaAndKedaHonour() {
    // The HPA refuses policy periods above 1800 s; below its 15 s sync the period means nothing.
    assertBad(new String[] {"--scale-down-period", "1801"}, "--scale-down-period");
    assertBad(new String[] {"--scale-down-period", "14"}, "--scale-down-period");
    // KEDA scales a failing target with fallback.replicas 0 and minReplicaCount 0 to zero.
    assertBad(new String[] {"--fallback-replicas", "0"}, "--fallback-replicas");
    Result held = CliRunner.run(Stream.concat(Stream.of(SCALED_OBJECT),
        Stream.of("--fallback-replicas", "0", "--min-replicas", "1")).toArray(String[]::new));
    assertThat(held.exitCode()).as(held.err()).isZero();
  }

  @Test
  void missingBytesTargetIsNamed() {
    Result r =
        CliRunner.run("render", "scaledobject", "--name", "a", "--target-name", "b", "--scaler-address", "s:1",
            "--bucket", "landing", "--metric", "bytes");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--target-bytes: required").doesNotContain("\tat ");
  }

  private static void assertBad(String[] override, String named) {
    Result r = CliRunner.run(Stream.concat(Stream.of(SCALED_OBJECT), Stream.of(override)).toArray(String[]::new));
    assertThat(r.exitCode()).as(String.join(" ", override)).isEqualTo(2);
    assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
    assertThat(r.err()).contains(named);
    assertThat(r.out()).isEmpty();
  }

  @Test
  void outputDirGetsOneFilePerDocumentAndNothingOnBadInput(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("manifests");
    Result bad = CliRunner.run(Stream.concat(Stream.of(SCALED_OBJECT), Stream.of("--tls-secret", "BAD", "-o", out.toString()))
        .toArray(String[]::new));
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(out).doesNotExist();

    Result r = CliRunner.run(Stream.concat(Stream.of(SCALED_OBJECT), Stream.of("--tls-secret", "tls", "-o", out.toString()))
        .toArray(String[]::new));
    assertThat(r.exitCode()).as(r.err()).isZero();
    try (Stream<Path> files = Files.list(out)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("scaledobject-connect.yaml", "triggerauthentication-connect-sparkscale-tls.yaml");
    }
    Manifests.assertValid(Files.readString(out.resolve("scaledobject-connect.yaml")));
  }

  @Test
  void renderHelpListsEveryKind() {
    Result r = CliRunner.run("render", "--help");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("scaledobject", "scaledjob", "sparkapplication", "spark-conf",
        "cluster-autoscaler", "karpenter", "keda-sidecar");
  }

  @Test
  void everyKindHasHelp() {
    for (String kind : List.of("scaledobject", "scaledjob", "sparkapplication", "spark-conf",
        "cluster-autoscaler", "karpenter", "keda-sidecar")) {
      Result r = CliRunner.run("render", kind, "--help");
      assertThat(r.exitCode()).as(kind + ": " + r.err()).isZero();
      assertThat(r.out()).as(kind).contains("Usage:", "--verbose");
    }
  }

  @Test
  void kedaSidecarPassesTheS3EndpointToServe() {
    Result r = CliRunner.run("render", "keda-sidecar", "--image", "i", "--s3-endpoint", "http://minio.storage:9000");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(Manifests.parse(r.out()).get(0).at("/operator/extraContainers/0/args"))
        .extracting(JsonNode::asText).containsSequence("--s3-endpoint", "http://minio.storage:9000");
    Result bad = CliRunner.run("render", "keda-sidecar", "--image", "i", "--s3-endpoint", "minio:9000");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("--s3-endpoint");
  }

  @Test
  void outputDirReplacesFilesWholeAndReportsAnUnwritableDirectory(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("m");
    assertThat(CliRunner.run(Stream.concat(Stream.of(SCALED_OBJECT), Stream.of("-o", out.toString()))
        .toArray(String[]::new)).exitCode()).isZero();
    Result again = CliRunner.run(Stream.concat(Stream.of(SCALED_OBJECT), Stream.of("--max-replicas", "3", "-o",
        out.toString())).toArray(String[]::new));
    assertThat(again.exitCode()).as(again.err()).isZero();
    try (Stream<Path> files = Files.list(out)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("scaledobject-connect.yaml");
    }
    assertThat(Manifests.parse(Files.readString(out.resolve("scaledobject-connect.yaml"))).get(0)
        .at("/spec/maxReplicaCount").asInt()).isEqualTo(3);

    Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
    Result r = CliRunner.run(Stream.concat(Stream.of(SCALED_OBJECT), Stream.of("-o", file.toString()))
        .toArray(String[]::new));
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("error: cannot write to").doesNotContain("\tat ");
  }

  @Test
  void renderWithoutKindIsBadUsage() {
    Result r = CliRunner.run("render");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("scaledobject");
  }

  @Test
  void kedaSidecarValuesRunServeBesideTheOperatorAndTheScaledObjectCallsLocalhost(@TempDir Path dir)
      throws Exception {
    String[] args = {"render", "keda-sidecar", "--image", "ghcr.io/example/sparkscale:0.1.0",
        "--role-arn", "arn:aws:iam::123456789012:role/sparkscale", "--cache-ttl", "10s",
        "--name", "connect", "--target-name", "spark-connect", "--bucket", "landing", "--max-replicas", "4",
        "--polling-interval", "15", "--fallback-replicas", "1"};
    // The values are for helm and the ScaledObject for kubectl: one stream cannot carry both.
    Result stdout = CliRunner.run(args);
    assertThat(stdout.exitCode()).isEqualTo(2);
    assertThat(stdout.out()).isEmpty();
    assertThat(stdout.err()).contains("-o DIR").contains("keda-values.yaml").hasLineCount(1);

    Result r = CliRunner.run(Stream.concat(Stream.of(args), Stream.of("-o", dir.toString())).toArray(String[]::new));
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode values = Yaml.read(Files.readString(dir.resolve("keda-values.yaml")));
    JsonNode container = values.at("/operator/extraContainers/0");
    assertThat(KubernetesModels.validateContainer(container)).isEmpty();
    assertThat(container.path("args")).extracting(JsonNode::asText)
        .containsExactly("serve", "--port", "9090", "--http-port", "9091", "--bind-address", "127.0.0.1",
            "--cache-ttl", "10s");
    assertThat(container.has("readinessProbe")).as("would take keda-operator out of its Service").isFalse();
    assertThat(container.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
    assertThat(values.at("/podIdentity/aws/irsa/roleArn").asText()).endsWith("role/sparkscale");
    JsonNode so = Manifests.assertValid(Files.readString(dir.resolve("scaledobject-connect.yaml"))).get(0);
    assertThat(so.at("/spec/triggers/0/metadata/scalerAddress").asText()).isEqualTo("localhost:9090");
    // The sidecar's ScaledObject takes the same scaling flags as `render scaledobject`.
    assertThat(so.at("/spec/maxReplicaCount").asInt()).isEqualTo(4);
    assertThat(so.at("/spec/pollingInterval").asInt()).isEqualTo(15);
    assertThat(so.at("/spec/fallback/replicas").asInt()).isEqualTo(1);
  }

  @Test
  void kedaSidecarRefusesKedasOwnPortsAndAHalfScaledObject() {
    Result port = CliRunner.run("render", "keda-sidecar", "--image", "i", "--port", "8080");
    assertThat(port.exitCode()).isEqualTo(2);
    assertThat(port.err()).contains("--port");
    Result half = CliRunner.run("render", "keda-sidecar", "--image", "i", "--name", "x");
    assertThat(half.exitCode()).isEqualTo(2);
    assertThat(half.err()).contains("--target-name and --bucket: required for the ScaledObject");
  }
}
