package io.sparkscale.render;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkscale.sizing.Cloud;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where Spark pods land under the cost-optimized preset: executors on spot nodes (by the cloud's label,
 * tolerating its taint), the driver anywhere but spot, since losing it loses the whole application.
 *
 * @param spotLabel the node label that marks spot capacity, and its value on spot nodes
 * @param tolerateSpotTaint whether spot nodes carry a NoSchedule taint with the same key and value (GKE, AKS)
 */
public record SpotPlacement(String spotLabel, String spotValue, boolean tolerateSpotTaint) {

  /** Karpenter's well-known capacity label (spot or on-demand), on any cloud Karpenter runs on. */
  public static final String KARPENTER_CAPACITY_TYPE = "karpenter.sh/capacity-type";
  /** EKS managed node groups: SPOT or ON_DEMAND. */
  public static final String EKS_CAPACITY_TYPE = "eks.amazonaws.com/capacityType";
  /** GKE Spot VMs: "true", and GKE taints them with the same key (NoSchedule). */
  public static final String GKE_SPOT = "cloud.google.com/gke-spot";
  /** AKS spot pools: "spot", tainted kubernetes.azure.com/scalesetpriority=spot:NoSchedule. */
  public static final String AKS_PRIORITY = "kubernetes.azure.com/scalesetpriority";

  /** sparkscale's own taint on executor-only spot pools (the Karpenter NodePool renders it). */
  public static final String EXECUTOR_TAINT_KEY = "sparkscale.io/spark-executor";
  public static final String EXECUTOR_TAINT_VALUE = "true";
  /** Label on the nodes of the rendered NodePool. */
  public static final String POOL_LABEL = "sparkscale.io/node-pool";

  /** On AWS, which node label tells spot apart: Karpenter's or EKS managed node groups'. */
  public enum AwsCapacityLabel {
    KARPENTER,
    EKS
  }

  public static SpotPlacement forCloud(Cloud cloud, AwsCapacityLabel awsLabel) {
    return switch (cloud) {
      case AWS ->
          awsLabel == AwsCapacityLabel.EKS
              ? new SpotPlacement(EKS_CAPACITY_TYPE, "SPOT", false)
              : new SpotPlacement(KARPENTER_CAPACITY_TYPE, "spot", false);
      case GCP -> new SpotPlacement(GKE_SPOT, "true", true);
      case AZURE -> new SpotPlacement(AKS_PRIORITY, "spot", true);
    };
  }

  /**
   * Seconds an executor gets between its pod's deletion and SIGKILL, to migrate shuffle and cached blocks:
   * AWS warns two minutes before reclaiming a spot instance, GCP and Azure 30 seconds.
   */
  public static int defaultGracePeriodSeconds(Cloud cloud) {
    return cloud == Cloud.AWS ? 120 : 30;
  }

  public Map<String, String> executorNodeSelector() {
    return Map.of(spotLabel, spotValue);
  }

  /** The cloud's spot taint where it has one, and sparkscale's executor-pool taint everywhere. */
  public ArrayNode executorTolerations() {
    List<ObjectNode> tolerations = new ArrayList<>();
    if (tolerateSpotTaint) {
      tolerations.add(toleration(spotLabel, spotValue));
    }
    tolerations.add(toleration(EXECUTOR_TAINT_KEY, EXECUTOR_TAINT_VALUE));
    ArrayNode array = Yaml.array();
    tolerations.forEach(array::add);
    return array;
  }

  /**
   * Required node affinity: not on a node labelled spot. NotIn also matches nodes without the label, which is
   * how on-demand nodes look on GKE and AKS.
   */
  public ObjectNode driverAffinity() {
    ObjectNode affinity = Yaml.object();
    ObjectNode expression =
        affinity
            .putObject("nodeAffinity")
            .putObject("requiredDuringSchedulingIgnoredDuringExecution")
            .putArray("nodeSelectorTerms")
            .addObject()
            .putArray("matchExpressions")
            .addObject();
    expression.put("key", spotLabel);
    expression.put("operator", "NotIn");
    expression.set("values", Yaml.strings(spotValue));
    return affinity;
  }

  private static ObjectNode toleration(String key, String value) {
    ObjectNode t = Yaml.object();
    t.put("key", key);
    t.put("operator", "Equal");
    t.put("value", value);
    t.put("effect", "NoSchedule");
    return t;
  }
}
