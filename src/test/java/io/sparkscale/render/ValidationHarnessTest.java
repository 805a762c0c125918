package io.sparkscale.render;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The validators themselves: they must catch what the API server would drop or refuse. */
class ValidationHarnessTest {

  private static final String SCALED_OBJECT =
      """
      apiVersion: keda.sh/v1alpha1
      kind: ScaledObject
      metadata:
        name: etl
      spec:
        scaleTargetRef:
          name: etl
        triggers:
          - type: external
            metadata:
              scalerAddress: sparkscale:9090
              bucket: data
      """;

  @Test
  void acceptsAValidScaledObject() {
    assertThat(Manifests.errors(Manifests.parse(SCALED_OBJECT).get(0))).isEmpty();
  }

  @Test
  void rejectsAFieldTheCrdDoesNotList() {
    String yaml = SCALED_OBJECT.replace("  scaleTargetRef:", "  scaleTarget: {}\n  scaleTargetRef:");
    assertThat(Manifests.errors(Manifests.parse(yaml).get(0))).anyMatch(e -> e.contains("scaleTarget"));
  }

  @Test
  void rejectsANumberInTriggerMetadata() {
    String yaml = SCALED_OBJECT.replace("bucket: data", "targetObjectCount: 5\n        bucket: data");
    assertThat(Manifests.errors(Manifests.parse(yaml).get(0)))
        .anyMatch(e -> e.contains("targetObjectCount"));
    assertThat(Manifests.errors(Manifests.parse(yaml.replace(": 5", ": \"5\"")).get(0))).isEmpty();
  }

  @Test
  void rejectsUnknownMetadataFields() {
    String yaml = SCALED_OBJECT.replace("  name: etl\nspec", "  name: etl\n  label: {}\nspec");
    assertThat(Manifests.errors(Manifests.parse(yaml).get(0))).anyMatch(e -> e.contains("label"));
  }

  @Test
  void acceptsIntOrStringAsEither() {
    String nodePool =
        """
        apiVersion: karpenter.sh/v1
        kind: NodePool
        metadata:
          name: spot
        spec:
          limits:
            cpu: 100
            memory: 400Gi
          template:
            spec:
              nodeClassRef:
                group: karpenter.k8s.aws
                kind: EC2NodeClass
                name: default
              requirements: []
        """;
    assertThat(Manifests.errors(Manifests.parse(nodePool).get(0))).isEmpty();
  }

  @Test
  void rejectsUnknownFieldsDeepInABuiltInKind() {
    String deployment =
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: x
        spec:
          selector:
            matchLabels: {app: x}
          template:
            metadata:
              labels: {app: x}
            spec:
              containers:
                - name: x
                  image: x
                  securityContext:
                    readOnlyRootFileSystem: true
        """;
    assertThat(Manifests.errors(Manifests.parse(deployment).get(0)))
        .anyMatch(e -> e.contains("readOnlyRootFileSystem"));
    assertThat(Manifests.errors(Manifests.parse(deployment.replace("FileSystem", "Filesystem")).get(0)))
        .isEmpty();
  }

  @Test
  void rejectsAStringWhereABuiltInKindWantsANumber() {
    String service =
        """
        apiVersion: v1
        kind: Service
        metadata:
          name: s
        spec:
          ports:
            - name: grpc
              port: "9090"
              targetPort: grpc
        """;
    assertThat(Manifests.errors(Manifests.parse(service).get(0))).isNotEmpty();
    assertThat(Manifests.errors(Manifests.parse(service.replace("\"9090\"", "9090")).get(0))).isEmpty();
  }

  @Test
  void rejectsKindsItCannotCheck() {
    String yaml = "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n";
    assertThat(Manifests.errors(Manifests.parse(yaml).get(0))).isNotEmpty();
  }
}
