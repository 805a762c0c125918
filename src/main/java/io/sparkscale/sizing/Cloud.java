package io.sparkscale.sizing;

import java.util.Locale;

/** Managed Kubernetes providers whose node allocatable sparkscale computes as the provider does. */
public enum Cloud {
  AWS("EKS (AL2023)"),
  GCP("GKE"),
  AZURE("AKS");

  private final String kubernetesService;

  Cloud(String kubernetesService) {
    this.kubernetesService = kubernetesService;
  }

  public String kubernetesService() {
    return kubernetesService;
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
