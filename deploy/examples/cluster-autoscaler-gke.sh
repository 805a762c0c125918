#!/bin/sh
# GKE runs Cluster Autoscaler itself: no priority-expander ConfigMap, no chart values.
set -eu
# optimize-utilization: scale down sooner and pack tighter than the balanced default.
gcloud container clusters update analytics --location us-central1 --autoscaling-profile optimize-utilization
# Executors prefer this pool; the taint keeps other pods off (sparkscale executors tolerate it).
gcloud container node-pools create spark-spot --cluster analytics --location us-central1 --spot --machine-type n2-standard-16 --enable-autoscaling --total-min-nodes 0 --total-max-nodes 20 --node-taints cloud.google.com/gke-spot=true:NoSchedule
# Drivers, and executors when spot capacity is short.
gcloud container node-pools create spark-on-demand --cluster analytics --location us-central1 --machine-type n2-standard-16 --enable-autoscaling --total-min-nodes 0 --total-max-nodes 20
