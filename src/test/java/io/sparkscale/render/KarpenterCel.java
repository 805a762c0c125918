package io.sparkscale.render;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The x-kubernetes-validations (CEL) rules of karpenter.sh_nodepools-v1.14.1.yaml that a JSON-schema
 * validator skips, checked by hand for what sparkscale renders: requirement and label keys, operators and
 * values, budgets, static pools. Each check names the rule's message from the CRD.
 */
public final class KarpenterCel {

  private static final Set<String> ALLOWED_KARPENTER_KEYS = Set.of("karpenter.sh/capacity-type", "karpenter.sh/nodepool");
  /**
   * The Azure provider ships its own NodePool CRD whose rule allows only these karpenter.azure.com keys
   * (Azure/karpenter-provider-azure, tag v1.7.2, pkg/apis/crds/karpenter.sh_nodepools.yaml, the
   * requirements rule: self.all(x, x in [...] || !x.find("^([^/]+)").endsWith("karpenter.azure.com"))).
   */
  private static final Set<String> ALLOWED_AZURE_KEYS = Set.of(
      "karpenter.azure.com/aksnodeclass", "karpenter.azure.com/sku-name", "karpenter.azure.com/sku-family",
      "karpenter.azure.com/sku-series", "karpenter.azure.com/sku-version", "karpenter.azure.com/sku-cpu",
      "karpenter.azure.com/sku-memory", "karpenter.azure.com/sku-networking-accelerated",
      "karpenter.azure.com/sku-storage-premium-capable", "karpenter.azure.com/sku-storage-ephemeralos-maxsize",
      "karpenter.azure.com/sku-gpu-name", "karpenter.azure.com/sku-gpu-manufacturer",
      "karpenter.azure.com/sku-gpu-count");
  private static final Set<String> COMPARISONS = Set.of("Gt", "Lt", "Gte", "Lte");

  private KarpenterCel() {}

  public static List<String> violations(JsonNode pool) {
    List<String> errors = new ArrayList<>();
    JsonNode spec = pool.path("spec");
    JsonNode template = spec.path("template");
    template.path("metadata").path("labels").fieldNames().forEachRemaining(key -> checkKey("label", key, errors));
    JsonNode ref = template.path("spec").path("nodeClassRef");
    for (String field : new String[] {"group", "kind", "name"}) {
      // rule: self != ''
      if (ref.path(field).asText().isEmpty()) {
        errors.add("nodeClassRef: " + field + " may not be empty");
      }
    }
    for (JsonNode r : template.path("spec").path("requirements")) {
      String key = r.path("key").asText();
      checkKey("requirement", key, errors);
      String op = r.path("operator").asText();
      JsonNode values = r.path("values");
      // rule: self.all(x, x.operator == 'In' ? x.values.size() != 0 : true)
      if (op.equals("In") && values.size() == 0) {
        errors.add(key + ": requirements with operator 'In' must have a value defined");
      }
      // rule: Gt/Lt/Gte/Lte ? (x.values.size() == 1 && int(x.values[0]) >= 0)
      if (COMPARISONS.contains(op) && (values.size() != 1 || !isNonNegativeInt(values.get(0).asText()))) {
        errors.add(key + ": requirements operator 'Gt', 'Lt', 'Gte', or 'Lte' must have a single positive integer value");
      }
      // rule: (x.operator == 'In' && has(x.minValues)) ? x.values.size() >= x.minValues
      if (op.equals("In") && r.has("minValues") && values.size() < r.path("minValues").asInt()) {
        errors.add(key + ": requirements with 'minValues' must have at least that many values");
      }
    }
    // rule: self.all(x, has(x.schedule) == has(x.duration))
    for (JsonNode budget : spec.path("disruption").path("budgets")) {
      if (budget.has("schedule") != budget.has("duration")) {
        errors.add("budgets: 'schedule' must be set with 'duration'");
      }
    }
    // rules on static pools (replicas): only limits.nodes, no weight
    if (spec.has("replicas") && (spec.has("weight") || spec.path("limits").size() > 0)) {
      errors.add("static NodePool: no weight, only limits.nodes");
    }
    return errors;
  }

  private static void checkKey(String what, String key, List<String> errors) {
    String domain = key.contains("/") ? key.substring(0, key.indexOf('/')) : key;
    // rule: x in [capacity-type, nodepool] || !x.find("^([^/]+)").endsWith("karpenter.sh")
    if (!ALLOWED_KARPENTER_KEYS.contains(key) && domain.endsWith("karpenter.sh")) {
      errors.add(what + " " + key + ": label domain \"karpenter.sh\" is restricted");
    }
    if (domain.endsWith("karpenter.azure.com") && !ALLOWED_AZURE_KEYS.contains(key)) {
      errors.add(what + " " + key + ": label domain \"karpenter.azure.com\" is restricted (Azure provider CRD)");
    }
    if (key.equals("karpenter.sh/nodepool")) {
      errors.add(what + " " + key + ": label \"karpenter.sh/nodepool\" is restricted");
    }
    if (key.equals("kubernetes.io/hostname")) {
      errors.add(what + " " + key + ": label \"kubernetes.io/hostname\" is restricted");
    }
  }

  private static boolean isNonNegativeInt(String value) {
    try {
      return Long.parseLong(value) >= 0;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
