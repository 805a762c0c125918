package io.sparkscale.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.sparkscale.cli.CliRunner;
import io.sparkscale.render.Manifests;
import io.sparkscale.render.Yaml;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** deploy/helm/sparkscale through real Helm (embedded): strict lint, then templates validated per kind. */
class HelmChartTest {

  static final Path CHART =
      Path.of(System.getProperty("project.basedir", ".")).resolve("deploy/helm/sparkscale");

  private static List<JsonNode> template(UnaryOperator<TemplateCommand> values) {
    String yaml = values.apply(new Helm(CHART).template().withName("scaler").withNamespace("keda").withKubeVersion("1.31.0")).call();
    return Manifests.assertValid(yaml);
  }

  private static JsonNode only(List<JsonNode> docs, String kind) {
    List<JsonNode> found = docs.stream().filter(d -> d.path("kind").asText().equals(kind)).toList();
    assertThat(found).as(kind).hasSize(1);
    return found.get(0);
  }

  private static List<String> kinds(List<JsonNode> docs) {
    return docs.stream().map(d -> d.path("kind").asText()).toList();
  }

  @Test
  void lintsStrictly() {
    LintResult result = new Helm(CHART).lint().strict().call();
    assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
  }

  @Test
  void defaultsRenderAHardenedScalerAndNothingOptIn() {
    List<JsonNode> docs = template(t -> t);
    assertThat(kinds(docs))
        .containsExactlyInAnyOrder("ServiceAccount", "Service", "Deployment", "PodDisruptionBudget", "NetworkPolicy");
    JsonNode pod = only(docs, "Deployment").at("/spec/template/spec");
    assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
    assertThat(pod.at("/securityContext/seccompProfile/type").asText()).isEqualTo("RuntimeDefault");
    JsonNode container = pod.at("/containers/0");
    assertThat(container.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
    assertThat(container.at("/securityContext/allowPrivilegeEscalation").asBoolean(true)).isFalse();
    assertThat(container.at("/securityContext/capabilities/drop/0").asText()).isEqualTo("ALL");
    assertThat(container.at("/resources/requests/memory").asText()).isNotEmpty();
    assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/livez");
    assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/readyz");
    assertThat(container.path("args")).extracting(JsonNode::asText)
        .containsSequence("serve", "--port", "9090", "--http-port", "9091")
        .containsSequence("--max-notification-queues", "256");
    assertThat(only(docs, "Service").at("/spec/ports")).extracting(p -> p.path("name").asText())
        .containsExactly("grpc", "http");
  }

  @Test
  void serviceAccountCarriesIdentityAnnotations() {
    List<JsonNode> docs =
        template(t -> t.set("serviceAccount.annotations.eks\\.amazonaws\\.com/role-arn",
            "arn:aws:iam::123456789012:role/sparkscale"));
    assertThat(only(docs, "ServiceAccount").at("/metadata/annotations/eks.amazonaws.com~1role-arn").asText())
        .endsWith("role/sparkscale");
  }

  @Test
  void scaledObjectOptInIsValidWithStringMetadata() {
    List<JsonNode> docs =
        template(t -> t.set("scaledObject.enabled", true)
            .set("scaledObject.scaleTargetRef.name", "spark-connect")
            .set("scaledObject.trigger.bucket", "landing")
            .set("scaledObject.trigger.prefix", "incoming/")
            .set("scaledObject.trigger.targetObjectCount", 20)
            .set("scaledObject.trigger.forcePathStyle", true)
            .set("scaledObject.fallbackReplicas", 2));
    JsonNode metadata = only(docs, "ScaledObject").at("/spec/triggers/0/metadata");
    assertThat(metadata.path("scalerAddress").asText()).isEqualTo("scaler-sparkscale.keda.svc:9090");
    assertThat(metadata.path("targetObjectCount").asText()).isEqualTo("20");
    assertThat(metadata.path("forcePathStyle").asText()).isEqualTo("true");
    assertThat(metadata.has("suffix")).isFalse();
    assertThat(only(docs, "ScaledObject").at("/spec/fallback/replicas").asInt()).isEqualTo(2);
  }

  /**
   * The chart's ScaledObject and `render scaledobject` write the same trigger for the same inputs, numbers
   * from a values file included (Helm reads them as float64).
   */
  @Test
  void chartTriggerMatchesRenderedTrigger(@TempDir Path dir) throws Exception {
    Path values = dir.resolve("values.yaml");
    java.nio.file.Files.writeString(values, """
        scaledObject:
          enabled: true
          scaleTargetRef:
            name: spark-connect
          trigger:
            bucket: landing
            prefix: incoming/
            metric: bytes
            targetBytes: 50000000000
            minObjectAge: 30s
            scanLimit: 5000
          fallbackReplicas: 2
        """);
    JsonNode fromChart = only(template(t -> t.withValuesFile(values)), "ScaledObject");
    CliRunner.Result result = CliRunner.run("render", "scaledobject", "--name", "spark-connect", "--target-name", "spark-connect",
        "--scaler-address", "scaler-sparkscale.keda.svc:9090", "--bucket", "landing", "--prefix", "incoming/",
        "--metric", "bytes", "--target-bytes", "50GB", "--min-object-age", "30s", "--scan-limit", "5000",
        "--fallback-replicas", "2");
    assertThat(result.exitCode()).as(result.err()).isZero();
    JsonNode rendered = Manifests.parse(result.out()).get(0);
    assertThat(fromChart.at("/spec/triggers/0")).isEqualTo(rendered.at("/spec/triggers/0"));
    // The same long-running behavior: gentle scale-down, fallback that never removes replicas.
    assertThat(fromChart.at("/spec/advanced")).isEqualTo(rendered.at("/spec/advanced"));
    assertThat(fromChart.at("/spec/fallback")).isEqualTo(rendered.at("/spec/fallback"));
  }

  @Test
  void scaledObjectWithoutBucketFailsWithTheKeyNamed() {
    assertThatThrownBy(() -> template(t -> t.set("scaledObject.enabled", true)
            .set("scaledObject.scaleTargetRef.name", "x")))
        .hasMessageContaining("scaledObject.trigger.bucket");
  }

  @Test
  void tlsMountsTheSecretAndAuthenticatesTheScaledObject() {
    List<JsonNode> docs =
        template(t -> t.set("tls.enabled", true).set("tls.secretName", "sparkscale-server-tls")
            .set("tls.clientSecretName", "keda-client-tls")
            .set("scaledObject.enabled", true)
            .set("scaledObject.scaleTargetRef.name", "spark-connect")
            .set("scaledObject.trigger.bucket", "landing"));
    JsonNode container = only(docs, "Deployment").at("/spec/template/spec/containers/0");
    assertThat(container.path("args")).extracting(JsonNode::asText)
        .contains("--tls-cert", "--tls-key", "--tls-client-ca");
    JsonNode auth = only(docs, "TriggerAuthentication");
    assertThat(only(docs, "ScaledObject").at("/spec/triggers/0/authenticationRef/name").asText())
        .isEqualTo(auth.at("/metadata/name").asText());
    assertThatThrownBy(() -> template(t -> t.set("tls.enabled", true)))
        .hasMessageContaining("tls.secretName");
  }

  @Test
  void clusterAutoscalerOptInMatchesWhatRenderPrints() {
    JsonNode cm = only(template(t -> t.set("clusterAutoscaler.enabled", true)), "ConfigMap");
    assertThat(cm.at("/metadata/namespace").asText()).isEqualTo("kube-system");
    JsonNode fromChart = Yaml.read(cm.at("/data/priorities").asText());
    String rendered = io.sparkscale.render.Manifests.parse(
            new io.sparkscale.render.ClusterAutoscalerSettings(
                    io.sparkscale.sizing.Cloud.AWS, null, null, null, null, null, null, 10)
                .configMap().text())
        .get(0).at("/data/priorities").asText();
    assertThat(fromChart).isEqualTo(Yaml.read(rendered));
    // As Cluster Autoscaler reads it (gopkg.in/yaml.v2 into map[int][]string): integer keys.
    assertThat(io.sparkscale.render.GoYaml.mapping(cm.at("/data/priorities").asText()).keySet())
        .containsExactlyInAnyOrder(50, 10);
  }

  @Test
  void serviceMonitorAndNetworkPolicyOptIns() {
    List<JsonNode> docs =
        template(t -> t.set("serviceMonitor.enabled", true).set("serviceMonitor.labels.release", "prom")
            .set("networkPolicy.enabled", true));
    assertThat(only(docs, "ServiceMonitor").at("/spec/endpoints/0/port").asText()).isEqualTo("http");
    JsonNode policy = only(docs, "NetworkPolicy");
    assertThat(policy.at("/spec/ingress/0/from/0/namespaceSelector/matchLabels")
            .path("kubernetes.io/metadata.name").asText())
        .isEqualTo("keda");
  }

  @Test
  void theNetworkPolicyIsOnByDefaultWithGrpcFromKedaOnly() {
    JsonNode policy = only(template(t -> t), "NetworkPolicy");
    JsonNode grpc = policy.at("/spec/ingress/0");
    assertThat(grpc.at("/ports/0/port").asText()).isEqualTo("grpc");
    assertThat(grpc.path("from")).hasSize(1);
    assertThat(grpc.at("/from/0/namespaceSelector/matchLabels").path("kubernetes.io/metadata.name").asText())
        .isEqualTo("keda");
    assertThat(kinds(template(t -> t.set("networkPolicy.enabled", false)))).doesNotContain("NetworkPolicy");
  }

  /**
   * Issue 20, finding 5: the HTTP rule had no peers, so every pod in the cluster could read /readyz and
   * /metrics. Now only the monitoring namespace and the peers named in values; the kubelet's probes come
   * from the node, which NetworkPolicy always admits ("traffic to and from the node where a Pod is running
   * is always allowed", kubernetes/website, concepts/services-networking/network-policies.md).
   */
  @Test
  void theHttpPortAdmitsOnlyTheMonitoringNamespaceAndNamedPeers() {
    JsonNode policy = only(template(t -> t), "NetworkPolicy");
    assertThat(policy.at("/spec/ingress")).as("a rule for gRPC and one for HTTP").hasSize(2);
    JsonNode http = policy.at("/spec/ingress/1");
    assertThat(http.at("/ports/0/port").asText()).isEqualTo("http");
    assertThat(http.path("from")).as("never a rule without peers, which admits every peer").hasSize(1);
    assertThat(http.at("/from/0/namespaceSelector/matchLabels").path("kubernetes.io/metadata.name").asText())
        .isEqualTo("monitoring");

    JsonNode more = only(template(t -> t.set("networkPolicy.monitoringNamespace", "observability")
        .set("networkPolicy.kubeletFrom[0].ipBlock.cidr", "10.0.0.0/16")
        .set("networkPolicy.httpFrom[0].podSelector.matchLabels.app", "grafana-agent")), "NetworkPolicy");
    JsonNode peers = more.at("/spec/ingress/1/from");
    assertThat(peers).hasSize(3);
    assertThat(peers.get(0).at("/namespaceSelector/matchLabels").path("kubernetes.io/metadata.name").asText())
        .isEqualTo("observability");
    assertThat(peers.get(1).at("/ipBlock/cidr").asText()).isEqualTo("10.0.0.0/16");
    assertThat(peers.get(2).at("/podSelector/matchLabels/app").asText()).isEqualTo("grafana-agent");

    JsonNode none = only(template(t -> t.set("networkPolicy.monitoringNamespace", "")), "NetworkPolicy");
    assertThat(none.at("/spec/ingress")).as("no peer named: no HTTP rule at all").hasSize(1);
    assertThat(none.at("/spec/ingress/0/ports/0/port").asText()).isEqualTo("grpc");
  }

  @Test
  void theTenantPolicyIsAMountedConfigMapTheScalerAccepts() throws Exception {
    List<JsonNode> docs = template(t -> t
        .set("tenantPolicy.namespaces.team-a[0]", "s3://lake-a/")
        .set("tenantPolicy.namespaces.team-b[0]", "s3://shared/inbox/team-b/"));
    JsonNode configMap = only(docs, "ConfigMap");
    assertThat(configMap.at("/metadata/name").asText()).isEqualTo("scaler-sparkscale-tenant-policy");
    Object document = new com.fasterxml.jackson.databind.ObjectMapper()
        .convertValue(Yaml.read(configMap.at("/data/policy.yaml").asText()), Object.class);
    io.sparkscale.tenancy.TenantPolicy policy = io.sparkscale.tenancy.TenantPolicy.fromTree(document);
    assertThat(policy.namespaces()).containsOnlyKeys("team-a", "team-b");
    assertThat(policy.namespaces().get("team-b")).containsExactly(
        new io.sparkscale.tenancy.S3Grant("shared", "inbox/team-b/"));

    JsonNode pod = only(docs, "Deployment").at("/spec/template/spec");
    assertThat(pod.at("/containers/0/args")).extracting(JsonNode::asText)
        .containsSequence("--tenant-policy", "/etc/sparkscale/tenant-policy/policy.yaml");
    assertThat(pod.at("/containers/0/volumeMounts")).anySatisfy(mount -> {
      assertThat(mount.path("mountPath").asText()).isEqualTo("/etc/sparkscale/tenant-policy");
      assertThat(mount.has("subPath")).as("subPath mounts never see a new version").isFalse();
    });
    assertThat(pod.path("volumes")).anySatisfy(volume ->
        assertThat(volume.at("/configMap/name").asText()).isEqualTo("scaler-sparkscale-tenant-policy"));

    List<JsonNode> withQueue = template(t -> t.set("tenantPolicy.namespaces.team-b[0]", "s3://shared/inbox/team-b/")
        .set("tenantPolicy.namespaces.team-b[1]", "https://sqs.eu-west-1.amazonaws.com/123456789012/team-b-uploads"));
    io.sparkscale.tenancy.TenantPolicy queues = io.sparkscale.tenancy.TenantPolicy.fromTree(
        new com.fasterxml.jackson.databind.ObjectMapper().convertValue(
            Yaml.read(only(withQueue, "ConfigMap").at("/data/policy.yaml").asText()), Object.class));
    assertThat(queues.grantsQueue("https://sqs.eu-west-1.amazonaws.com/123456789012/team-b-uploads")).isTrue();

    List<JsonNode> without = template(t -> t);
    assertThat(kinds(without)).doesNotContain("ConfigMap");
    assertThat(only(without, "Deployment").at("/spec/template/spec/containers/0/args"))
        .extracting(JsonNode::asText).doesNotContain("--tenant-policy");
  }

  @Test
  void valuesSchemaRefusesBadTenantPolicies() {
    assertThatThrownBy(() -> template(t -> t.set("tenantPolicy.namespaces.team-a[0]", "https://lake-a/")))
        .hasMessageContaining("tenantPolicy");
    assertThatThrownBy(() -> template(t -> t.set("tenantPolicy.namespaces.team-a[0]",
            "https://user@sqs.eu-west-1.amazonaws.com/123456789012/q")))
        .hasMessageContaining("tenantPolicy");
    assertThatThrownBy(() -> template(t -> t.set("tenantPolicy.namespaces.Team_A[0]", "s3://lake-a/")))
        .hasMessageContaining("Team_A");
    assertThatThrownBy(() -> template(t -> t.set("tenantPolicy.teams", "x")))
        .hasMessageContaining("teams");
  }

  @Test
  void valuesSchemaRefusesUnknownKeysAndBadValues() {
    assertThatThrownBy(() -> template(t -> t.set("scaledObjet.enabled", true)))
        .hasMessageContaining("scaledObjet");
    assertThatThrownBy(() -> template(t -> t.set("scaledObject.trigger.metric", "lines")))
        .hasMessageContaining("metric");
  }

  /**
   * Every key has its own "# --" comment (helm-docs style). The only exception is the content of a
   * documented default that is itself a map or list (podSecurityContext's fields, resources' requests),
   * recognised by none of its keys carrying a comment of their own.
   */
  @Test
  void everyValueHasADocComment() throws Exception {
    List<String> lines = java.nio.file.Files.readAllLines(CHART.resolve("values.yaml"));
    record Key(int line, int indent, boolean documented, int parent) {}
    List<Key> keys = new java.util.ArrayList<>();
    java.util.Deque<Integer> open = new java.util.ArrayDeque<>(); // indexes into keys
    for (int i = 0; i < lines.size(); i++) {
      String text = lines.get(i).strip();
      if (text.isEmpty() || text.startsWith("#")) {
        continue;
      }
      int indent = lines.get(i).indexOf(text);
      while (!open.isEmpty() && keys.get(open.peek()).indent() >= indent) {
        open.pop();
      }
      if (!text.matches("[A-Za-z][\\w./-]*:.*")) {
        continue; // list items and their content belong to the enclosing key
      }
      boolean documented = false;
      for (int j = i - 1; j >= 0 && lines.get(j).strip().startsWith("#"); j--) {
        documented |= lines.get(j).strip().startsWith("# --");
      }
      keys.add(new Key(i, indent, documented, open.isEmpty() ? -1 : open.peek()));
      open.push(keys.size() - 1);
    }
    for (Key key : keys) {
      boolean insideDocumentedValue = false;
      for (int a = key.parent(); a >= 0 && !insideDocumentedValue; a = keys.get(a).parent()) {
        int ancestor = a;
        boolean childrenUndocumented =
            keys.stream().filter(k -> k.parent() == ancestor).noneMatch(Key::documented);
        insideDocumentedValue = keys.get(a).documented() && childrenUndocumented;
      }
      assertThat(key.documented() || insideDocumentedValue)
          .as("values.yaml line %d has no '# --' comment: %s", key.line() + 1, lines.get(key.line()))
          .isTrue();
    }
  }

  private static List<JsonNode> sparkCluster(UnaryOperator<TemplateCommand> more) {
    return template(t -> more.apply(t.set("sparkCluster.enabled", true).set("sparkCluster.name", "ingest")
        .set("sparkCluster.namespace", "spark").set("sparkCluster.trigger.bucket", "landing")
        .set("sparkCluster.trigger.prefix", "incoming/").set("sparkCluster.trigger.targetObjectCount", 20)));
  }

  @Test
  void sparkClusterOptInLeavesKedaTheOnlyAutoscalerOfTheWorkers() {
    List<JsonNode> docs = sparkCluster(t -> t.set("sparkCluster.minWorkers", 1));
    assertThat(kinds(docs)).contains("SparkCluster", "ScaledObject");
    JsonNode instances = only(docs, "SparkCluster").at("/spec/clusterTolerations/instanceConfig");
    assertThat(instances.path("minWorkers").asInt()).as("no operator HPA, no operator PDB")
        .isGreaterThanOrEqualTo(instances.path("maxWorkers").asInt()).isZero();
    assertThat(instances.path("initWorkers").asInt()).isEqualTo(1);
    JsonNode so = only(docs, "ScaledObject");
    assertThat(so.at("/spec/scaleTargetRef/kind").asText()).isEqualTo("StatefulSet");
    assertThat(so.at("/spec/scaleTargetRef/name").asText()).isEqualTo("ingest-worker");
    assertThat(so.at("/spec/triggers/0/metadata/targetObjectCount").asText()).isEqualTo("20");
    assertThat(so.at("/spec/advanced/horizontalPodAutoscalerConfig/behavior/scaleDown/policies/0/value").asInt())
        .isEqualTo(1);
    assertThat(docs.stream().filter(d -> d.path("kind").asText().equals("PodDisruptionBudget"))
        .map(d -> d.at("/metadata/name").asText())).contains("ingest-worker");
  }

  /** The chart's default worker shape is what `render sparkcluster` prints for the r5.4xlarge it names. */
  @Test
  void sparkClusterDefaultsMatchWhatRenderPrints() {
    JsonNode chart = only(sparkCluster(t -> t.set("sparkCluster.minWorkers", 0)), "SparkCluster");
    String rendered = ExamplesTest.render(ExamplesTest.SPARK_CLUSTER);
    JsonNode cli = Manifests.parse(rendered.substring(0, rendered.indexOf("---"))).get(0);
    assertThat(chart.at("/spec/workerSpec")).isEqualTo(cli.at("/spec/workerSpec"));
    assertThat(chart.at("/spec/clusterTolerations")).isEqualTo(cli.at("/spec/clusterTolerations"));
    assertThat(chart.at("/spec/sparkConf")).isEqualTo(cli.at("/spec/sparkConf"));
    assertThat(chart.at("/spec/runtimeVersions")).isEqualTo(cli.at("/spec/runtimeVersions"));
  }

  @Test
  void sparkClusterNeedsANameABucketAndASaneRange() {
    assertThatThrownBy(() -> template(t -> t.set("sparkCluster.enabled", true)))
        .hasMessageContaining("sparkCluster.name");
    assertThatThrownBy(() -> sparkCluster(t -> t.set("sparkCluster.minWorkers", 4).set("sparkCluster.maxWorkers", 2)))
        .hasMessageContaining("sparkCluster.maxWorkers must be at least sparkCluster.minWorkers");
  }
}
