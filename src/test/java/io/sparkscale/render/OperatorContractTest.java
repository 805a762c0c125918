package io.sparkscale.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What SparkClusterSpec relies on, read from the operator's own 1.0.0 sources (src/test/resources/
 * spark-kubernetes-operator-1.0.0): if a release changes one of these, this test names it.
 */
class OperatorContractTest {

  static String source(String file) throws IOException {
    try (InputStream in = OperatorContractTest.class.getResourceAsStream("/spark-kubernetes-operator-1.0.0/" + file)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** A method declaration, from its name to the next javadoc. */
  static String method(String source, String name) {
    int start = source.lastIndexOf(" " + name + "("); // the declaration, after the constructor's call
    assertThat(start).as("method %s", name).isPositive();
    int end = source.indexOf("/**", start);
    return source.substring(start, end < 0 ? source.length() : end);
  }

  @Test
  void noOperatorHpaWhenMinWorkersIsAtLeastMaxWorkers() throws IOException {
    String hpa = method(source("SparkClusterResourceSpec.java"), "buildHorizontalPodAutoscaler");
    assertThat(hpa).contains("if (instanceConfig.getMinWorkers() >= instanceConfig.getMaxWorkers()) {\n"
        + "      return Optional.empty();");
    // ...and the HPA it would make targets the same StatefulSet KEDA scales: two HPAs would fight.
    assertThat(hpa).contains(".withKind(\"StatefulSet\")").contains(".withName(clusterName + \"-worker\")");
  }

  @Test
  void noOperatorPdbBelowOneMinWorker() throws IOException {
    String pdb = method(source("SparkClusterResourceSpec.java"), "buildPodDisruptionBudget");
    assertThat(pdb).contains("if (spec.getClusterTolerations().getInstanceConfig().getMinWorkers() < 1) {\n"
        + "      return Optional.empty();");
    assertThat(pdb).contains("LABEL_SPARK_CLUSTER_NAME").contains("LABEL_SPARK_ROLE_WORKER_VALUE");
  }

  @Test
  void workerStatefulSetIsNamedAfterTheClusterStartsAtInitWorkersAndHasNoGrace() throws IOException {
    String source = source("SparkClusterResourceSpec.java");
    assertThat(source).contains("spec.getClusterTolerations().getInstanceConfig().getInitWorkers()");
    String worker = method(source, "buildWorkerStatefulSet");
    assertThat(worker).contains(".withName(name + \"-worker\")").contains(".withReplicas(initWorkers)")
        .contains("editMatchingContainer(p -> \"worker\".equals(p.getName()))");
    // The template's grace is overwritten: worker decommissioning gets no time (docs/render.md).
    assertThat(worker).contains(".withTerminationGracePeriodSeconds(0L)");
    assertThat(SparkClusterSpec.WORKER_SUFFIX).isEqualTo("-worker");
  }

  @Test
  void theStatefulSetIsAppliedOnlyWhileTheClusterInitializes() throws IOException {
    String init = source("ClusterInitStep.java");
    Matcher guard = Pattern.compile(
        "if \\(!currentState\\.getCurrentStateSummary\\(\\)\\.isInitializing\\(\\)\\) \\{\\s*return proceed\\(\\);")
        .matcher(init);
    assertThat(guard.find()).as("ClusterInitStep returns before applying anything once initialized").isTrue();
    assertThat(init.indexOf("getWorkerStatefulSetSpec()")).isGreaterThan(guard.end());
    // No step of the copy waits for a ready worker: zero workers is a healthy cluster to it.
    assertThat(init).doesNotContain("getReadyReplicas").contains("RunningHealthy, CLUSTER_READY_MESSAGE");
  }
}
