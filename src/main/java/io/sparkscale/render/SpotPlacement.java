package io.sparkscale.render;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkscale.sizing.Cloud;
import io.sparkscale.units.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Where Spark pods land under the cost-optimized preset: executors on spot nodes (preferred, or required with
 * {@link SpotMode#ONLY}), the driver never on spot, since losing it loses the whole application.
 *
 * <p>The pod fragments ({@link #executorAffinity()}, {@link #executorTolerations()}, {@link #driverAffinity()},
 * {@link #driverTolerations()}) are plain Kubernetes PodSpec fields, usable in a SparkApplication, a
 * spark-submit pod template ({@link Pods}) or any other operator's pod template.
 *
 * @param provisioner what creates the nodes; decides the spot label and the taints to tolerate
 * @param spotLabel the node label that marks spot capacity
 * @param spotValue its value on spot nodes
 * @param mode whether executors may fall back to on-demand nodes
 */
public record SpotPlacement(NodeProvisioner provisioner, String spotLabel, String spotValue, SpotMode mode) {

  /** Karpenter's well-known capacity label (spot or on-demand), on any cloud Karpenter runs on. */
  public static final String KARPENTER_CAPACITY_TYPE = "karpenter.sh/capacity-type";
  /** EKS managed node groups: SPOT or ON_DEMAND. */
  public static final String EKS_CAPACITY_TYPE = "eks.amazonaws.com/capacityType";
  /** GKE Spot VMs: "true"; GKE taints them with the same key when node auto-provisioning creates them. */
  public static final String GKE_SPOT = "cloud.google.com/gke-spot";
  /** AKS spot pools: "spot", always tainted kubernetes.azure.com/scalesetpriority=spot:NoSchedule. */
  public static final String AKS_PRIORITY = "kubernetes.azure.com/scalesetpriority";

  /** sparkscale's taint on executor-only spot pools (the Karpenter spot NodePool carries it). */
  public static final String EXECUTOR_TAINT_KEY = "sparkscale.io/spark-executor";
  public static final String EXECUTOR_TAINT_VALUE = "true";
  /** sparkscale's taint on the Karpenter on-demand pool: drivers and fallback executors tolerate it. */
  public static final String SPARK_TAINT_KEY = "sparkscale.io/spark";
  public static final String SPARK_TAINT_VALUE = "true";
  /** Label on the nodes of the rendered NodePools. */
  public static final String POOL_LABEL = "sparkscale.io/node-pool";

  /** Weight of the executors' preference for spot (the scheduler's 1..100 scale; all-in, nothing else competes). */
  static final int SPOT_PREFERENCE_WEIGHT = 100;

  /** What provisions the cluster's nodes; each labels spot capacity its own way. */
  public enum NodeProvisioner {
    KARPENTER,
    EKS_MANAGED,
    GKE,
    AKS,
    CLUSTER_AUTOSCALER;

    /** The spelling users type: karpenter, eks-managed, gke, aks, cluster-autoscaler. */
    public String id() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Karpenter on AWS (the EKS default since Karpenter 1.0), the managed autoscaler elsewhere. */
    public static NodeProvisioner defaultFor(Cloud cloud) {
      return switch (cloud) {
        case AWS -> KARPENTER;
        case GCP -> GKE;
        case AZURE -> AKS;
      };
    }
  }

  /** prefer: executors go to spot when there is some and fall back to on-demand; only: spot or wait. */
  public enum SpotMode {
    PREFER,
    ONLY;

    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** What the user chose; null fields take the defaults ({@link NodeProvisioner#defaultFor}, prefer). */
  public record Choice(NodeProvisioner provisioner, SpotMode mode) {
    public static final Choice DEFAULTS = new Choice(null, null);

    public boolean isDefault() {
      return provisioner == null && mode == null;
    }
  }

  public SpotPlacement {
    Objects.requireNonNull(provisioner, "provisioner");
    Objects.requireNonNull(spotLabel, "spotLabel");
    Objects.requireNonNull(spotValue, "spotValue");
    Objects.requireNonNull(mode, "mode");
  }

  /**
   * The placement for a cloud and the user's node provisioner (null: the cloud's default); a provisioner that
   * does not run on the cloud is refused.
   */
  public static SpotPlacement of(Cloud cloud, Choice choice) {
    NodeProvisioner p = choice.provisioner() == null ? NodeProvisioner.defaultFor(cloud) : choice.provisioner();
    SpotMode m = choice.mode() == null ? SpotMode.PREFER : choice.mode();
    String cloudId = cloud.name().toLowerCase(Locale.ROOT);
    return switch (p) {
      case KARPENTER -> {
        if (cloud == Cloud.GCP) {
          throw refuse(p, cloudId, "use gke or cluster-autoscaler on gcp");
        }
        yield new SpotPlacement(p, KARPENTER_CAPACITY_TYPE, "spot", m);
      }
      case EKS_MANAGED -> {
        if (cloud != Cloud.AWS) {
          throw refuse(p, cloudId, "eks-managed is for aws");
        }
        yield new SpotPlacement(p, EKS_CAPACITY_TYPE, "SPOT", m);
      }
      case GKE -> {
        if (cloud != Cloud.GCP) {
          throw refuse(p, cloudId, "gke is for gcp");
        }
        yield new SpotPlacement(p, GKE_SPOT, "true", m);
      }
      case AKS -> {
        if (cloud != Cloud.AZURE) {
          throw refuse(p, cloudId, "aks is for azure");
        }
        yield new SpotPlacement(p, AKS_PRIORITY, "spot", m);
      }
      // Cluster Autoscaler scales the cloud's own node groups, which carry the cloud's own label.
      case CLUSTER_AUTOSCALER ->
          switch (cloud) {
            case AWS -> new SpotPlacement(p, EKS_CAPACITY_TYPE, "SPOT", m);
            case GCP -> new SpotPlacement(p, GKE_SPOT, "true", m);
            case AZURE -> new SpotPlacement(p, AKS_PRIORITY, "spot", m);
          };
    };
  }

  private static InvalidInputException refuse(NodeProvisioner p, String cloud, String hint) {
    return new InvalidInputException(
        "--node-provisioner: " + p.id() + " does not run on --cloud " + cloud + "; " + hint);
  }

  /**
   * Seconds an executor gets between its pod's deletion and SIGKILL, to migrate shuffle and cached blocks:
   * AWS warns two minutes before reclaiming a spot instance, GCP and Azure 30 seconds.
   */
  public static int defaultGracePeriodSeconds(Cloud cloud) {
    return cloud == Cloud.AWS ? 120 : 30;
  }

  /**
   * Node affinity for executors: preferred spot (the scheduler and Karpenter take on-demand when no spot node
   * can be had), or required spot with {@link SpotMode#ONLY}.
   */
  public ObjectNode executorAffinity() {
    ObjectNode affinity = Yaml.object();
    ObjectNode nodeAffinity = affinity.putObject("nodeAffinity");
    if (mode == SpotMode.ONLY) {
      term(nodeAffinity.putObject("requiredDuringSchedulingIgnoredDuringExecution").putArray("nodeSelectorTerms"),
          "In");
    } else {
      ObjectNode preferred = nodeAffinity.putArray("preferredDuringSchedulingIgnoredDuringExecution").addObject();
      preferred.put("weight", SPOT_PREFERENCE_WEIGHT);
      expression(preferred.putObject("preference"), "In");
    }
    return affinity;
  }

  /**
   * Required node affinity: not on a node labelled spot. NotIn also matches nodes without the label, which is
   * how on-demand nodes look on GKE, AKS and self-managed groups.
   */
  public ObjectNode driverAffinity() {
    ObjectNode affinity = Yaml.object();
    term(affinity.putObject("nodeAffinity").putObject("requiredDuringSchedulingIgnoredDuringExecution")
        .putArray("nodeSelectorTerms"), "NotIn");
    return affinity;
  }

  /**
   * The provisioner's spot taint where it has one (AKS always, GKE with node auto-provisioning), sparkscale's
   * executor-pool taint, and with Karpenter the on-demand pool's taint for the fallback.
   */
  public ArrayNode executorTolerations() {
    List<ObjectNode> tolerations = new ArrayList<>();
    if (spotLabel.equals(AKS_PRIORITY) || spotLabel.equals(GKE_SPOT)) {
      tolerations.add(toleration(spotLabel, spotValue));
    }
    tolerations.add(toleration(EXECUTOR_TAINT_KEY, EXECUTOR_TAINT_VALUE));
    if (provisioner == NodeProvisioner.KARPENTER && mode == SpotMode.PREFER) {
      tolerations.add(toleration(SPARK_TAINT_KEY, SPARK_TAINT_VALUE));
    }
    ArrayNode array = Yaml.array();
    tolerations.forEach(array::add);
    return array;
  }

  /** With Karpenter, the driver tolerates the on-demand pool's taint; elsewhere it needs none (empty). */
  public ArrayNode driverTolerations() {
    ArrayNode array = Yaml.array();
    if (provisioner == NodeProvisioner.KARPENTER) {
      array.add(toleration(SPARK_TAINT_KEY, SPARK_TAINT_VALUE));
    }
    return array;
  }

  private void term(ArrayNode nodeSelectorTerms, String operator) {
    expression(nodeSelectorTerms.addObject(), operator);
  }

  private void expression(ObjectNode term, String operator) {
    ObjectNode expression = term.putArray("matchExpressions").addObject();
    expression.put("key", spotLabel);
    expression.put("operator", operator);
    expression.set("values", Yaml.strings(spotValue));
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
