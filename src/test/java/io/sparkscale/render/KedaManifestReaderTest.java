package io.sparkscale.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkscale.render.HpaBehavior.Policy;
import io.sparkscale.render.HpaBehavior.PolicyType;
import io.sparkscale.render.HpaBehavior.Rules;
import io.sparkscale.render.HpaBehavior.SelectPolicy;
import io.sparkscale.render.KedaManifestReader.ScaledJobManifest;
import io.sparkscale.render.KedaManifestReader.ScaledObjectManifest;
import io.sparkscale.render.ScaledObjectSpec.TargetKind;
import io.sparkscale.trigger.TriggerSpec;
import io.sparkscale.units.InvalidInputException;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What render writes reads back into the same model, and rendering that again gives the same text. */
class KedaManifestReaderTest {

  static ScalerTrigger trigger(TriggerSpec.Metric metric) {
    return new ScalerTrigger("sparkscale.keda.svc:9090", true, "landing", "in/", ".parquet", metric,
        metric == TriggerSpec.Metric.OBJECTS ? 20L : null, metric == TriggerSpec.Metric.OBJECTS ? 2L : null,
        metric == TriggerSpec.Metric.BYTES ? 10_000_000_000L : null,
        metric == TriggerSpec.Metric.BYTES ? 0L : null, Duration.ofSeconds(30), 50_000L, "eu-west-1",
        null, null);
  }

  static ScaledObjectManifest readObject(String yaml) {
    return KedaManifestReader.scaledObject("--scaled-object", "so.yaml", yaml);
  }

  static ScaledJobManifest readJob(String yaml) {
    return KedaManifestReader.scaledJob("--scaled-job", "sj.yaml", yaml);
  }

  /** The documents as one stream, as `render` prints them. */
  static String join(List<Document> documents) {
    return documents.stream().map(Document::text).collect(Collectors.joining("---\n"));
  }

  @Test
  void aScaledObjectWithBehaviorAndTlsRoundTrips() {
    HpaBehavior behavior = new HpaBehavior(
        new Rules(30, SelectPolicy.MIN, List.of(new Policy(PolicyType.PODS, 2, 60))),
        new Rules(600, SelectPolicy.DISABLED, List.of()));
    ScaledObjectSpec spec = new ScaledObjectSpec("etl", "data", TargetKind.STATEFULSET, "workers",
        trigger(TriggerSpec.Metric.OBJECTS), 1, 40, 15, 120, 2, "scaler-tls", behavior,
        ScaledObjectSpec.FallbackBehavior.CURRENT_REPLICAS_IF_HIGHER);
    String yaml = join(KedaObjects.scaledObject(spec));
    ScaledObjectManifest read = readObject(yaml);
    assertThat(read.spec()).isEqualTo(spec);
    assertThat(read.idleReplicaCount()).isNull();
    assertThat(join(KedaObjects.scaledObject(read.spec()))).isEqualTo(yaml);
  }

  @Test
  void aScaledObjectWithoutBehaviorStaysWithoutOne() {
    ScaledObjectSpec spec = new ScaledObjectSpec("etl", null, TargetKind.DEPLOYMENT, "connect",
        trigger(TriggerSpec.Metric.BYTES), 0, 10, 30, 300, null, null);
    String yaml = join(KedaObjects.scaledObject(spec));
    assertThat(readObject(yaml).spec()).isEqualTo(spec);
    assertThat(join(KedaObjects.scaledObject(readObject(yaml).spec()))).isEqualTo(yaml);
  }

  @Test
  void aScaledJobWithStrategyArgsAndTlsRoundTrips() {
    ScaledJobStrategy strategy = new ScaledJobStrategy(ScaledJobStrategy.Kind.CUSTOM, 1, 0.5, List.of());
    ScaledJobSpec spec = new ScaledJobSpec("nightly", "batch", "apache/spark:4.1.0", "ghcr.io/x/sparkscale:1",
        "spark", trigger(TriggerSpec.Metric.BYTES), 4, 20,
        List.of("--cloud", "aws", "--node-type", "r5.4xlarge", "--budget-per-hour", "50"),
        List.of("--class", "com.example.Etl", "local:///opt/app/etl.jar", "it's a quoted arg", "$HOME"),
        "scaler-tls", strategy);
    String yaml = join(spec.render());
    ScaledJobManifest read = readJob(yaml);
    assertThat(read.spec()).isEqualTo(spec);
    assertThat(read.claimsAtStart()).as("render's Jobs claim their batch in an init container").isTrue();
    assertThat(join(read.spec().render())).isEqualTo(yaml);
  }

  @Test
  void theAccurateStrategyWithPendingPodConditionsRoundTrips() {
    ScaledJobSpec spec = new ScaledJobSpec("nightly", null, "apache/spark:4.1.0", "ghcr.io/x/sparkscale:1",
        "spark", trigger(TriggerSpec.Metric.OBJECTS), 10, 30, List.of(), List.of(), null,
        new ScaledJobStrategy(ScaledJobStrategy.Kind.ACCURATE, null, null, List.of("Ready", "PodScheduled")));
    assertThat(readJob(join(spec.render())).spec()).isEqualTo(spec);
  }

  @Test
  void kedaAndKubernetesDefaultsFillWhatAHandWrittenObjectLeavesOut() {
    ScaledObjectManifest read = readObject("""
        apiVersion: keda.sh/v1alpha1
        kind: ScaledObject
        metadata:
          name: etl
        spec:
          scaleTargetRef:
            name: connect
          minReplicaCount: 2
          idleReplicaCount: 0
          advanced:
            horizontalPodAutoscalerConfig:
              behavior:
                scaleDown:
                  stabilizationWindowSeconds: 60
          triggers:
            - type: external
              metadata:
                scalerAddress: sparkscale.keda.svc:9090
                bucket: landing
        """);
    ScaledObjectSpec spec = read.spec();
    assertThat(spec.targetKind()).isEqualTo(TargetKind.DEPLOYMENT);
    assertThat(spec.pollingIntervalSeconds()).isEqualTo(30);
    assertThat(spec.cooldownPeriodSeconds()).isEqualTo(300);
    assertThat(spec.maxReplicas()).isEqualTo(100);
    assertThat(read.idleReplicaCount()).isZero();
    assertThat(spec.behavior().scaleUp()).isEqualTo(Rules.defaultScaleUp());
    assertThat(spec.behavior().scaleDown()).isEqualTo(
        new Rules(60, SelectPolicy.MAX, Rules.defaultScaleDown().policies()));
    assertThat(spec.trigger().targetObjectCount()).isNull();
  }

  @Test
  void aScaledJobWithoutTheClaimInitContainerIsRefused() {
    ScaledJobSpec spec = new ScaledJobSpec("nightly", null, "apache/spark:4.1.0", "ghcr.io/x/sparkscale:1",
        "spark", trigger(TriggerSpec.Metric.OBJECTS), 10, 30, List.of(), List.of(), null);
    String yaml = join(spec.render());
    assertThatThrownBy(() -> readJob(yaml.replace("- name: claim", "- name: sizer")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("initContainers: has no init container named claim running `sparkscale claim`");
  }

  static final String OBJECT = """
      apiVersion: keda.sh/v1alpha1
      kind: ScaledObject
      metadata:
        name: etl
      spec:
        scaleTargetRef:
          name: connect
        FIELD
        triggers:
          - type: external
            metadata:
              scalerAddress: sparkscale.keda.svc:9090
              bucket: landing
      """;

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      string for a number     | pollingInterval: "30"                | --scaled-object: so.yaml: ScaledObject spec.pollingInterval: '"30"' is not valid; use a whole number from 1 to 1000000
      zero polling            | pollingInterval: 0                   | spec.pollingInterval: '0' is not valid; use a whole number from 1 to
      max below min           | 'minReplicaCount: 5\\n  maxReplicaCount: 2' | spec.maxReplicaCount: 2 is below spec.minReplicaCount 5; use a value of at least 5
      idle not below min      | idleReplicaCount: 0                  | spec.idleReplicaCount: 0 is not below minReplicaCount 0
      scaling modifiers       | 'advanced:\\n    scalingModifiers:\\n      formula: x' | spec.advanced.scalingModifiers: is not simulated
      bad select policy       | 'advanced:\\n    horizontalPodAutoscalerConfig:\\n      behavior:\\n        scaleUp:\\n          selectPolicy: Most' | spec.advanced.horizontalPodAutoscalerConfig.behavior.scaleUp.selectPolicy: selectPolicy: 'Most' is not valid; use Max, Min or Disabled
      policy without value    | 'advanced:\\n    horizontalPodAutoscalerConfig:\\n      behavior:\\n        scaleDown:\\n          policies:\\n            - type: Pods\\n              periodSeconds: 60' | behavior.scaleDown.policies[0].value: is required
      window too long         | 'advanced:\\n    horizontalPodAutoscalerConfig:\\n      behavior:\\n        scaleDown:\\n          stabilizationWindowSeconds: 4000' | scaleDown.stabilizationWindowSeconds: '4000' is not valid; use a whole number from 0 to 3600
      fallback without count  | 'fallback:\\n    failureThreshold: 3' | spec.fallback.replicas: is required
      """)
  void aBadScaledObjectFieldIsNamed(String what, String field, String message) {
    String yaml = OBJECT.replace("FIELD", field.replace("\\n", "\n"));
    assertThatThrownBy(() -> readObject(yaml)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(message).message().doesNotContain("\n");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      not yaml              | 'kind: [ScaledObject'                                              | --scaled-object: so.yaml: not valid YAML
      a Deployment          | 'apiVersion: apps/v1\\nkind: Deployment\\nmetadata:\\n  name: x'   | document 1: kind 'Deployment' is not read here; the file holds one ScaledObject and, optionally, its TriggerAuthentication
      a ScaledJob           | 'apiVersion: keda.sh/v1alpha1\\nkind: ScaledJob\\nmetadata:\\n  name: x' | document 1 is a ScaledJob; give it with --scaled-job
      nothing               | '---\\n'                                                           | holds no ScaledObject; give one as `render scaledobject` writes it
      old api               | 'apiVersion: keda.k8s.io/v1alpha1\\nkind: ScaledObject'           | ScaledObject apiVersion: 'keda.k8s.io/v1alpha1' is not read here; use keda.sh/v1alpha1
      no spec               | 'apiVersion: keda.sh/v1alpha1\\nkind: ScaledObject\\nmetadata:\\n  name: x' | ScaledObject spec: is required
      """)
  void aBadFileSaysWhatItHolds(String what, String yaml, String message) {
    assertThatThrownBy(() -> readObject(yaml.replace("\\n", "\n"))).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(message);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      two triggers        | '    - type: external\\n      metadata:\\n        scalerAddress: a.b:1\\n        bucket: bkt\\n    - type: cpu\\n      metadata:\\n        value: "50"' | spec.triggers: has 2 triggers; simulate models one, the sparkscale trigger
      another scaler      | '    - type: aws-sqs-queue\\n      metadata:\\n        queueURL: q'                                     | spec.triggers[0].type: 'aws-sqs-queue' is not sparkscale's
      number metadata     | '    - type: external\\n      metadata:\\n        scalerAddress: a.b:1\\n        bucket: bkt\\n        targetObjectCount: 5' | spec.triggers[0].metadata.targetObjectCount: '5' is not a string; KEDA takes metadata values as strings only
      unknown key         | '    - type: external\\n      metadata:\\n        scalerAddress: a.b:1\\n        bucket: bkt\\n        prefx: in/' | spec.triggers[0].metadata.prefx: is not a key sparkscale's trigger model carries
      bad target          | '    - type: external\\n      metadata:\\n        scalerAddress: a.b:1\\n        bucket: bkt\\n        targetObjectCount: "0"' | spec.triggers[0].metadata: targetObjectCount: '0' is not valid; use a whole number from 1 to
      bytes without target| '    - type: external\\n      metadata:\\n        scalerAddress: a.b:1\\n        bucket: bkt\\n        metric: bytes' | spec.triggers[0].metadata: targetBytes: required when metric is bytes
      missing auth        | '    - type: external\\n      authenticationRef:\\n        name: tls\\n      metadata:\\n        scalerAddress: a.b:1\\n        bucket: bkt' | spec.triggers[0].authenticationRef.name: names TriggerAuthentication 'tls', which is not in this file
      """)
  void aBadTriggerIsNamed(String what, String triggers, String message) {
    String yaml = "apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata:\n  name: etl\nspec:\n"
        + "  scaleTargetRef:\n    name: connect\n  triggers:\n" + triggers.replace("\\n", "\n") + "\n";
    assertThatThrownBy(() -> readObject(yaml)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(message);
  }

  @Test
  void aScaledJobNotShapedByRenderIsRefusedNamingTheField() {
    ScaledJobSpec spec = new ScaledJobSpec("nightly", null, "apache/spark:4.1.0", "ghcr.io/x/sparkscale:1",
        "spark", trigger(TriggerSpec.Metric.OBJECTS), 10, 30, List.of("--cloud", "aws"), List.of(), null);
    String yaml = join(spec.render());
    assertThatThrownBy(() -> readJob(yaml.replace("- --output-dir", "- --out-dir")))
        .hasMessageContaining("ScaledJob spec.jobTargetRef.template.spec.initContainers[0].command: is not what"
            + " `render scaledjob` writes for this ScaledJob");
    assertThatThrownBy(() -> readJob(yaml.replace("name: spark-submit", "name: driver")))
        .hasMessageContaining("spec.jobTargetRef.template.spec.containers: has no container named spark-submit");
    assertThatThrownBy(() -> readJob(yaml.replace("strategy: accurate", "strategy: greedy")))
        .hasMessageContaining("spec.scalingStrategy.strategy: strategy: 'greedy' is not valid; use default,"
            + " custom, accurate or eager");
    assertThatThrownBy(() -> readJob(yaml.replace("serviceAccountName: spark", "serviceAccountName: Spark_1")))
        .hasMessageContaining("ScaledJob spec.jobTargetRef.template.spec.serviceAccountName: 'Spark_1' is not valid");
    assertThatThrownBy(() -> readJob(yaml.replace("maxReplicaCount: 10", "maxReplicaCount: 10\n  minReplicaCount: 2")))
        .hasMessageContaining("spec.minReplicaCount: '2' is not valid; use a whole number from 0 to 0");
  }
}
