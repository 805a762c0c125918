#!/bin/sh
# GKE runs Cluster Autoscaler itself: no priority-expander ConfigMap, no chart values.
# Checks first, changes after: a failed check changes nothing, and running the script again finishes
# what a failed change left undone (pools are created when missing, else given these limits).
set -eu
cluster=analytics
location=us-central1
machine_type=n2-standard-16

# 1. Checks; nothing changes here.
gcloud container clusters describe "$cluster" --location "$location" --format 'value(name)' >/dev/null
# The machine type must be offered in every zone the cluster's nodes run in.
for zone in $(gcloud container clusters describe "$cluster" --location "$location" --flatten locations \
    --format 'value(locations)'); do
  gcloud compute machine-types describe "$machine_type" --zone "$zone" --format 'value(name)' >/dev/null
done
# A pool of the same name must be the pool this script would make: its machine type, spot or not.
pool_state() {
  found=$(gcloud container node-pools describe "$1" --cluster "$cluster" --location "$location" \
    --format 'value(config.machineType)' 2>/dev/null || true)
  spot=
  if [ -n "$found" ]; then
    spot=$(gcloud container node-pools describe "$1" --cluster "$cluster" --location "$location" \
      --format 'value(config.spot)')
  fi
}
check_pool() {
  pool_state "$1"
  if [ -n "$found" ] && { [ "$found" != "$machine_type" ] || { [ "$2" = spot ] && [ "$spot" != True ]; } \
      || { [ "$2" = on-demand ] && [ "$spot" = True ]; }; }; then
    echo "node pool $1 exists as $found (spot: ${spot:-False}), not a $2 pool of $machine_type;" \
      "delete it or render for its machine type" >&2
    exit 1
  fi
}
check_pool spark-spot spot
check_pool spark-on-demand on-demand

# 2. Pools: created when missing, else given these autoscaling limits.
# Executors prefer this pool; the taint keeps other pods off (sparkscale executors tolerate it).
pool_state spark-spot
if [ -n "$found" ]; then
  gcloud container clusters update "$cluster" --location "$location" --node-pool spark-spot --enable-autoscaling --total-min-nodes 0 --total-max-nodes 117
else
  gcloud container node-pools create spark-spot --cluster "$cluster" --location "$location" \
    --machine-type "$machine_type" --spot --node-taints cloud.google.com/gke-spot=true:NoSchedule --num-nodes 0 \
    --enable-autoscaling --total-min-nodes 0 --total-max-nodes 117
fi
# Drivers, and executors when spot capacity is short.
pool_state spark-on-demand
if [ -n "$found" ]; then
  gcloud container clusters update "$cluster" --location "$location" --node-pool spark-on-demand --enable-autoscaling --total-min-nodes 0 --total-max-nodes 118
else
  gcloud container node-pools create spark-on-demand --cluster "$cluster" --location "$location" \
    --machine-type "$machine_type" --num-nodes 0 \
    --enable-autoscaling --total-min-nodes 0 --total-max-nodes 118
fi

# 3. Last, cluster-wide: scale down sooner and pack tighter than the balanced default.
gcloud container clusters update "$cluster" --location "$location" --autoscaling-profile optimize-utilization
