package io.sparkscale.render;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkscale.sizing.SizingPlan;
import java.util.Map;

/**
 * Pod and container fragments shared by the renderers: hardened defaults, resources, and the Spark driver and
 * executor pod templates (spark-submit's podTemplateFile, or any operator's pod template field).
 */
public final class Pods {

  /**
   * Annotations that keep node autoscalers from taking a running driver's node away: Karpenter skips
   * voluntary disruption (consolidation, drift, expiry) of a node running a pod with
   * karpenter.sh/do-not-disrupt (kubernetes-sigs/karpenter, pkg/apis/v1/labels.go DoNotDisruptAnnotationKey),
   * and Cluster Autoscaler does not scale down a node running a pod with safe-to-evict "false"
   * (kubernetes/autoscaler, cluster-autoscaler/FAQ.md). Losing the driver loses the application.
   */
  public static final Map<String, String> DRIVER_ANNOTATIONS =
      Map.of(
          "karpenter.sh/do-not-disrupt", "true",
          "cluster-autoscaler.kubernetes.io/safe-to-evict", "false");

  private Pods() {}

  /** What the restricted Pod Security Standard asks of a container, plus a read-only root. */
  static ObjectNode restrictedContainer() {
    ObjectNode sc = Yaml.object();
    sc.put("allowPrivilegeEscalation", false);
    sc.put("readOnlyRootFilesystem", true);
    sc.put("runAsNonRoot", true);
    sc.putObject("capabilities").set("drop", Yaml.strings("ALL"));
    sc.putObject("seccompProfile").put("type", "RuntimeDefault");
    return sc;
  }

  /** Requests and a memory ceiling; no CPU limit: throttling would stretch answers past KEDA's timeout. */
  static ObjectNode resources(String cpuRequest, String memoryRequest, String memoryLimit) {
    return resources(cpuRequest, memoryRequest, memoryLimit, null);
  }

  /** @param ephemeralStorage null for none */
  static ObjectNode resources(String cpuRequest, String memoryRequest, String memoryLimit, String ephemeralStorage) {
    ObjectNode r = Yaml.object();
    ObjectNode requests = r.putObject("requests");
    requests.put("cpu", cpuRequest);
    if (ephemeralStorage != null) {
      requests.put("ephemeral-storage", ephemeralStorage);
    }
    requests.put("memory", memoryRequest);
    r.putObject("limits").put("memory", memoryLimit);
    return r;
  }

  /** Spark's name for the executor container (DEFAULT_EXECUTOR_CONTAINER_NAME); it takes a template's first. */
  static final String EXECUTOR_CONTAINER = "spark-kubernetes-executor";

  /** A Kubernetes quantity for MiB, in Gi when whole. */
  static String mebibytes(long mib) {
    return mib % 1024 == 0 ? mib / 1024 + "Gi" : mib + "Mi";
  }

  /**
   * The executor container of a pod template, requesting the plan's local disk as ephemeral-storage. Spark
   * builds the executor container from the template's first container and adds CPU and memory to its
   * resources without dropping the template's other requests (BasicExecutorFeatureStep); Spark has no
   * configuration key for ephemeral storage (SPARK-52399 was closed in favour of pod templates). Null when
   * the plan requests no disk.
   */
  static ObjectNode executorContainer(SizingPlan plan) {
    if (plan.localDisk() == null || plan.localDisk().executorRequestMiB() <= 0) {
      return null;
    }
    ObjectNode container = Yaml.object();
    container.put("name", EXECUTOR_CONTAINER);
    container.putObject("resources").putObject("requests")
        .put("ephemeral-storage", mebibytes(plan.localDisk().executorRequestMiB()));
    return container;
  }

  /**
   * For outputs that are configuration alone (spark-defaults.conf): the local disk they cannot request, or
   * null when the plan requests none.
   */
  public static String unrequestedDiskWarning(SizingPlan plan) {
    if (executorContainer(plan) == null) {
      return null;
    }
    return "spark-defaults.conf cannot request ephemeral storage: give executors a pod template"
        + " (spark.kubernetes.executor.podTemplateFile) whose first container requests ephemeral-storage: "
        + mebibytes(plan.localDisk().executorRequestMiB()) + " for shuffle files and spills, or they may be"
        + " placed on nodes whose disk cannot hold them.";
  }

  /** {@link #DRIVER_ANNOTATIONS} as a metadata.annotations object, sorted. */
  public static ObjectNode driverAnnotations() {
    ObjectNode annotations = Yaml.object();
    new java.util.TreeMap<>(DRIVER_ANNOTATIONS).forEach(annotations::put);
    return annotations;
  }

  /**
   * A driver pod template (apiVersion v1, kind Pod): the protecting annotations and, with a placement, off
   * spot and tolerating the on-demand pool's taint where there is one.
   *
   * @param placement null for the base preset
   */
  public static ObjectNode driverTemplate(SpotPlacement placement) {
    ObjectNode pod = podTemplate();
    ((ObjectNode) pod.get("metadata")).set("annotations", driverAnnotations());
    if (placement != null) {
      ObjectNode spec = (ObjectNode) pod.get("spec");
      spec.set("affinity", placement.driverAffinity());
      if (!placement.driverTolerations().isEmpty()) {
        spec.set("tolerations", placement.driverTolerations());
      }
    }
    return pod;
  }

  /**
   * An executor pod template: the plan's local disk requested, spot preferred (or required), the taints
   * tolerated, and the grace period the executor gets to hand its blocks over (Spark 4.1+ overrides it from
   * spark.kubernetes.executor.terminationGracePeriodSeconds, so set both; see docs/cost-optimization.md).
   */
  public static ObjectNode executorTemplate(SizingPlan plan, SpotPlacement placement, int gracePeriodSeconds) {
    ObjectNode pod = podTemplate();
    pod.remove("metadata");
    ObjectNode spec = (ObjectNode) pod.get("spec");
    ObjectNode container = executorContainer(plan);
    if (container != null) {
      spec.putArray("containers").add(container);
    }
    spec.set("affinity", placement.executorAffinity());
    spec.set("tolerations", placement.executorTolerations());
    spec.put("terminationGracePeriodSeconds", gracePeriodSeconds);
    return pod;
  }

  private static ObjectNode podTemplate() {
    ObjectNode pod = Yaml.object();
    pod.put("apiVersion", "v1");
    pod.put("kind", "Pod");
    pod.putObject("metadata");
    pod.putObject("spec");
    return pod;
  }
}
