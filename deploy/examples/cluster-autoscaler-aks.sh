#!/bin/sh
# AKS runs Cluster Autoscaler itself; its settings are the cluster autoscaler profile.
# Checks first, changes after: a failed check changes nothing, and running the script again finishes
# what a failed change left undone (pools are created when missing, else given these limits).
set -eu
resource_group=rg-analytics
cluster=analytics
vm_size=Standard_D16s_v5

# 1. Checks; nothing changes here.
location=$(az aks show --resource-group "$resource_group" --name "$cluster" --query location --output tsv)
offered=$(az vm list-skus --location "$location" --size "$vm_size" --resource-type virtualMachines \
  --query "[?name=='$vm_size'].name" --output tsv)
if [ -z "$offered" ]; then
  echo "$vm_size is not offered in $location to this subscription; render for another --node-type" >&2
  exit 1
fi
# The priority expander's ConfigMap (name and namespace fixed by Cluster Autoscaler), applied in step 2.
# A quoted here-document: nothing in it is expanded, and each line is a key or indented, so no line of
# it (a node-group regex included) can end it early.
priority_expander_configmap() {
  cat <<'CONFIGMAP'
apiVersion: v1
kind: ConfigMap
metadata:
  name: cluster-autoscaler-priority-expander
  namespace: kube-system
data:
  priorities: |
    50:
      - .*spot.*
    10:
      - .*
CONFIGMAP
}
# kubectl reaches the cluster and may apply it there: a server-side dry run, which changes nothing.
priority_expander_configmap | kubectl apply --dry-run=server -f - >/dev/null
# A pool of the same name must be the pool this script would make: its VM size, spot or regular.
pool_state() {
  found=$(az aks nodepool show --resource-group "$resource_group" --cluster-name "$cluster" --name "$1" \
    --query vmSize --output tsv 2>/dev/null || true)
  priority= autoscaling=
  if [ -n "$found" ]; then
    priority=$(az aks nodepool show --resource-group "$resource_group" --cluster-name "$cluster" \
      --name "$1" --query "scaleSetPriority == 'Spot' && 'spot' || 'regular'" --output tsv)
    autoscaling=$(az aks nodepool show --resource-group "$resource_group" --cluster-name "$cluster" \
      --name "$1" --query "enableAutoScaling && 'on' || 'off'" --output tsv)
  fi
}
check_pool() {
  pool_state "$1"
  if [ -n "$found" ] && { [ "$found" != "$vm_size" ] || [ "$priority" != "$2" ]; }; then
    echo "node pool $1 exists as a $priority pool of $found, not a $2 pool of $vm_size;" \
      "delete it or render for its VM size" >&2
    exit 1
  fi
}
check_pool sparkspot spot
check_pool sparkdemand regular

# 2. The ConfigMap first: step 3 switches to the priority expander, which picks no node group without it.
# Then the pools: added when missing, else given these autoscaling limits.
priority_expander_configmap | kubectl apply -f -
# Spot pool for executors; --spot-max-price -1 pays up to the on-demand price, never evicts on price.
pool_state sparkspot
if [ -z "$found" ]; then
  az aks nodepool add --resource-group "$resource_group" --cluster-name "$cluster" --name sparkspot \
    --priority Spot --eviction-policy Delete --spot-max-price -1 --node-vm-size "$vm_size" --node-count 0 \
    --enable-cluster-autoscaler --min-count 0 --max-count 117
elif [ "$autoscaling" = on ]; then
  az aks nodepool update --resource-group "$resource_group" --cluster-name "$cluster" --name sparkspot \
    --update-cluster-autoscaler --min-count 0 --max-count 117
else
  az aks nodepool update --resource-group "$resource_group" --cluster-name "$cluster" --name sparkspot \
    --enable-cluster-autoscaler --min-count 0 --max-count 117
fi
# Drivers, and executors when spot capacity is short.
pool_state sparkdemand
if [ -z "$found" ]; then
  az aks nodepool add --resource-group "$resource_group" --cluster-name "$cluster" --name sparkdemand \
    --node-vm-size "$vm_size" --node-count 0 \
    --enable-cluster-autoscaler --min-count 0 --max-count 118
elif [ "$autoscaling" = on ]; then
  az aks nodepool update --resource-group "$resource_group" --cluster-name "$cluster" --name sparkdemand \
    --update-cluster-autoscaler --min-count 0 --max-count 118
else
  az aks nodepool update --resource-group "$resource_group" --cluster-name "$cluster" --name sparkdemand \
    --enable-cluster-autoscaler --min-count 0 --max-count 118
fi

# 3. Last, cluster-wide: the priority expander (spot groups first) and quicker scale-down of empty nodes.
az aks update --resource-group "$resource_group" --name "$cluster" --cluster-autoscaler-profile \
  expander=priority balance-similar-node-groups=true skip-nodes-with-local-storage=false \
  scale-down-unneeded-time=5m scale-down-delay-after-add=5m scale-down-utilization-threshold=0.5
