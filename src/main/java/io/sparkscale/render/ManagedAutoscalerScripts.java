package io.sparkscale.render;

/**
 * The shell scripts that set up spot and on-demand node pools where the cloud runs Cluster Autoscaler (GKE,
 * AKS). Under {@code set -eu} a script stops at the first failing command, so the order is what keeps a
 * failure from leaving a half-done cluster:
 *
 * <ol>
 *   <li>checks that change nothing: the cluster, the machine type offered where its nodes go, pools of the
 *       same name being what this script would create, and on AKS that the API server takes the priority
 *       expander's ConfigMap (a server-side dry run);
 *   <li>on AKS the ConfigMap, applied; then the pools, each created when missing and otherwise given the
 *       autoscaling limits (a re-run after a failure finishes the job and applies a new ceiling);
 *   <li>last, the cluster-wide autoscaler profile, which changes how every pool scales and, on AKS, switches
 *       to the priority expander (which picks no node group without its ConfigMap:
 *       kubernetes/autoscaler cluster-autoscaler/expander/priority/priority.go, reloadConfigMap).
 * </ol>
 *
 * <p>New pools start empty ({@code --num-nodes 0}, {@code --node-count 0}); both CLIs default to three nodes.
 */
final class ManagedAutoscalerScripts {

  private ManagedAutoscalerScripts() {}

  /** Ends the here-document that carries the ConfigMap; no line of a YAML object is this word alone. */
  static final String HERE_DOCUMENT_END = "CONFIGMAP";

  /** gcloud: GKE's spot pool is labelled cloud.google.com/gke-spot=true; the taint keeps other pods off. */
  static String gke(ClusterAutoscalerSettings s, String machineType) {
    String header = preamble("GKE runs Cluster Autoscaler itself: no priority-expander ConfigMap, no chart values.",
        "cluster", s.clusterName(), "location", s.region(), "machine_type", machineType) + """
        gcloud container clusters describe "$cluster" --location "$location" --format 'value(name)' >/dev/null
        # The machine type must be offered in every zone the cluster's nodes run in.
        for zone in $(gcloud container clusters describe "$cluster" --location "$location" --flatten locations \\
            --format 'value(locations)'); do
          gcloud compute machine-types describe "$machine_type" --zone "$zone" --format 'value(name)' >/dev/null
        done
        # A pool of the same name must be the pool this script would make: its machine type, spot or not.
        pool_state() {
          found=$(gcloud container node-pools describe "$1" --cluster "$cluster" --location "$location" \\
            --format 'value(config.machineType)' 2>/dev/null || true)
          spot=
          if [ -n "$found" ]; then
            spot=$(gcloud container node-pools describe "$1" --cluster "$cluster" --location "$location" \\
              --format 'value(config.spot)')
          fi
        }
        check_pool() {
          pool_state "$1"
          if [ -n "$found" ] && { [ "$found" != "$machine_type" ] || { [ "$2" = spot ] && [ "$spot" != True ]; } \\
              || { [ "$2" = on-demand ] && [ "$spot" = True ]; }; }; then
            echo "node pool $1 exists as $found (spot: ${spot:-False}), not a $2 pool of $machine_type;" \\
              "delete it or render for its machine type" >&2
            exit 1
          fi
        }
        check_pool %s spot
        check_pool %s on-demand

        # 2. Pools: created when missing, else given these autoscaling limits.
        """.formatted(ClusterAutoscalerSettings.GKE_SPOT_POOL, ClusterAutoscalerSettings.GKE_ON_DEMAND_POOL);
    String pools = """
        # Executors prefer this pool; the taint keeps other pods off (sparkscale executors tolerate it).
        %s
        # Drivers, and executors when spot capacity is short.
        %s
        """.formatted(
        gkePool(ClusterAutoscalerSettings.GKE_SPOT_POOL, s.spotMaxNodes(),
            "--spot --node-taints " + SpotPlacement.GKE_SPOT + "=true:NoSchedule "),
        gkePool(ClusterAutoscalerSettings.GKE_ON_DEMAND_POOL, s.onDemandMaxNodes(), ""));
    String profile = """

        # 3. Last, cluster-wide: scale down sooner and pack tighter than the balanced default.
        gcloud container clusters update "$cluster" --location "$location" --autoscaling-profile optimize-utilization
        """;
    return header + pools + profile;
  }

  /** The shebang, what the script is, how it may be re-run, set -eu, then NAME=VALUE pairs (quoted). */
  private static String preamble(String headline, String... variables) {
    StringBuilder sh = new StringBuilder("#!/bin/sh\n# ").append(headline).append('\n').append("""
        # Checks first, changes after: a failed check changes nothing, and running the script again finishes
        # what a failed change left undone (pools are created when missing, else given these limits).
        set -eu
        """);
    for (int i = 0; i < variables.length; i += 2) {
      sh.append(variables[i]).append('=').append(Shell.quote(variables[i + 1])).append('\n');
    }
    return sh.append("\n# 1. Checks; nothing changes here.\n").toString();
  }

  private static String gkePool(String pool, int maxNodes, String createOnly) {
    String limits = "--enable-autoscaling --total-min-nodes 0 --total-max-nodes " + maxNodes;
    return """
        pool_state %1$s
        if [ -n "$found" ]; then
          gcloud container clusters update "$cluster" --location "$location" --node-pool %1$s %2$s
        else
          gcloud container node-pools create %1$s --cluster "$cluster" --location "$location" \\
            --machine-type "$machine_type" %3$s--num-nodes 0 \\
            %2$s
        fi""".formatted(pool, limits, createOnly);
  }

  /**
   * az: AKS labels and taints spot nodes kubernetes.azure.com/scalesetpriority=spot. On a pool whose
   * autoscaler is already on, az's --enable-cluster-autoscaler changes nothing and exits 0, and on one where
   * it is off --update-cluster-autoscaler fails (azure-cli acs agentpool_decorator), so the script asks first.
   */
  static String aks(ClusterAutoscalerSettings s, String vmSize) {
    String configMap = s.configMap().text();
    String header = preamble("AKS runs Cluster Autoscaler itself; its settings are the cluster autoscaler profile.",
        "resource_group", s.resourceGroup(), "cluster", s.clusterName(), "vm_size", vmSize) + """
        location=$(az aks show --resource-group "$resource_group" --name "$cluster" --query location --output tsv)
        offered=$(az vm list-skus --location "$location" --size "$vm_size" --resource-type virtualMachines \\
          --query "[?name=='$vm_size'].name" --output tsv)
        if [ -z "$offered" ]; then
          echo "$vm_size is not offered in $location to this subscription; render for another --node-type" >&2
          exit 1
        fi
        # The priority expander's ConfigMap (name and namespace fixed by Cluster Autoscaler), applied in step 2.
        # A quoted here-document: nothing in it is expanded, and each line is a key or indented, so no line of
        # it (a node-group regex included) can end it early.
        priority_expander_configmap() {
          cat <<'%s'
        %s%s
        }
        # kubectl reaches the cluster and may apply it there: a server-side dry run, which changes nothing.
        priority_expander_configmap | kubectl apply --dry-run=server -f - >/dev/null
        # A pool of the same name must be the pool this script would make: its VM size, spot or regular.
        pool_state() {
          found=$(az aks nodepool show --resource-group "$resource_group" --cluster-name "$cluster" --name "$1" \\
            --query vmSize --output tsv 2>/dev/null || true)
          priority= autoscaling=
          if [ -n "$found" ]; then
            priority=$(az aks nodepool show --resource-group "$resource_group" --cluster-name "$cluster" \\
              --name "$1" --query "scaleSetPriority == 'Spot' && 'spot' || 'regular'" --output tsv)
            autoscaling=$(az aks nodepool show --resource-group "$resource_group" --cluster-name "$cluster" \\
              --name "$1" --query "enableAutoScaling && 'on' || 'off'" --output tsv)
          fi
        }
        check_pool() {
          pool_state "$1"
          if [ -n "$found" ] && { [ "$found" != "$vm_size" ] || [ "$priority" != "$2" ]; }; then
            echo "node pool $1 exists as a $priority pool of $found, not a $2 pool of $vm_size;" \\
              "delete it or render for its VM size" >&2
            exit 1
          fi
        }
        check_pool %s spot
        check_pool %s regular

        # 2. The ConfigMap first: step 3 switches to the priority expander, which picks no node group without it.
        # Then the pools: added when missing, else given these autoscaling limits.
        priority_expander_configmap | kubectl apply -f -
        """.formatted(HERE_DOCUMENT_END, configMap, HERE_DOCUMENT_END,
        ClusterAutoscalerSettings.AKS_SPOT_POOL, ClusterAutoscalerSettings.AKS_ON_DEMAND_POOL);
    String pools = """
        # Spot pool for executors; --spot-max-price -1 pays up to the on-demand price, never evicts on price.
        %s
        # Drivers, and executors when spot capacity is short.
        %s
        """.formatted(
        aksPool(ClusterAutoscalerSettings.AKS_SPOT_POOL, s.spotMaxNodes(),
            "--priority Spot --eviction-policy Delete --spot-max-price -1 "),
        aksPool(ClusterAutoscalerSettings.AKS_ON_DEMAND_POOL, s.onDemandMaxNodes(), ""));
    String profile = """

        # 3. Last, cluster-wide: the priority expander (spot groups first) and quicker scale-down of empty nodes.
        az aks update --resource-group "$resource_group" --name "$cluster" --cluster-autoscaler-profile \\
          expander=priority balance-similar-node-groups=true skip-nodes-with-local-storage=false \\
          scale-down-unneeded-time=5m scale-down-delay-after-add=5m scale-down-utilization-threshold=0.5
        """;
    return header + pools + profile;
  }

  private static String aksPool(String pool, int maxNodes, String addOnly) {
    String counts = "--min-count 0 --max-count " + maxNodes;
    return """
        pool_state %1$s
        if [ -z "$found" ]; then
          az aks nodepool add --resource-group "$resource_group" --cluster-name "$cluster" --name %1$s \\
            %3$s--node-vm-size "$vm_size" --node-count 0 \\
            --enable-cluster-autoscaler %2$s
        elif [ "$autoscaling" = on ]; then
          az aks nodepool update --resource-group "$resource_group" --cluster-name "$cluster" --name %1$s \\
            --update-cluster-autoscaler %2$s
        else
          az aks nodepool update --resource-group "$resource_group" --cluster-name "$cluster" --name %1$s \\
            --enable-cluster-autoscaler %2$s
        fi""".formatted(pool, counts, addOnly);
  }
}
