package io.sparkscale.render;

/** Node labels and taints that place Spark pods on or off spot capacity (see docs/cost-optimization.md). */
public final class SpotPlacement {

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

  private SpotPlacement() {}
}
