#!/bin/sh
# AKS runs Cluster Autoscaler itself; its settings are the cluster autoscaler profile.
set -eu
az aks update --resource-group rg-analytics --name analytics --cluster-autoscaler-profile expander=priority balance-similar-node-groups=true skip-nodes-with-local-storage=false scale-down-unneeded-time=5m scale-down-delay-after-add=5m scale-down-utilization-threshold=0.5
# Spot pool for executors; --spot-max-price -1 pays up to the on-demand price, never evicts on price.
az aks nodepool add --resource-group rg-analytics --cluster-name analytics --name sparkspot --priority Spot --eviction-policy Delete --spot-max-price -1 --node-vm-size Standard_D16s_v5 --enable-cluster-autoscaler --min-count 0 --max-count 20
# Drivers, and executors when spot capacity is short.
az aks nodepool add --resource-group rg-analytics --cluster-name analytics --name sparkdemand --node-vm-size Standard_D16s_v5 --enable-cluster-autoscaler --min-count 0 --max-count 20
# The priority expander reads this ConfigMap (name and namespace fixed by Cluster Autoscaler).
kubectl apply -f - <<'CONFIGMAP'
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
