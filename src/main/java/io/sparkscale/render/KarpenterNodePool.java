package io.sparkscale.render;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkscale.units.Cpu;
import io.sparkscale.units.Durations;
import io.sparkscale.units.InvalidInputException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A karpenter.sh/v1 NodePool of spot nodes that only Spark executors land on: spot capacity, a taint that
 * the cost-optimized preset's executors tolerate (and drivers do not), limits so a runaway job cannot buy
 * the region, and consolidation.
 *
 * @param memoryLimitMiB total memory the pool may hold
 * @param whenUnderutilized also consolidate nodes that still run executors (otherwise only empty ones)
 */
public record KarpenterNodePool(
    String name,
    NodeClassRef nodeClass,
    List<String> architectures,
    long cpuLimitMillis,
    long memoryLimitMiB,
    boolean whenUnderutilized,
    Duration consolidateAfter,
    Duration expireAfter) {

  /** The cloud-specific node class (EC2NodeClass on AWS, AKSNodeClass on Azure). */
  public record NodeClassRef(String group, String kind, String name) {
    public NodeClassRef {
      Names.token("--node-class-group", group, "use an API group such as karpenter.k8s.aws");
      Names.token("--node-class-kind", kind, "use a kind such as EC2NodeClass");
      Names.dnsLabel("--node-class", name);
    }
  }

  public static final NodeClassRef AWS_DEFAULT = new NodeClassRef("karpenter.k8s.aws", "EC2NodeClass", "default");

  public KarpenterNodePool {
    Names.dnsLabel("--name", name);
    Objects.requireNonNull(nodeClass, "nodeClass");
    if (architectures == null || architectures.isEmpty()) {
      architectures = List.of("amd64");
    }
    for (String arch : architectures) {
      if (!arch.equals("amd64") && !arch.equals("arm64")) {
        throw InvalidInputException.badValue("--arch", arch, "use amd64 or arm64");
      }
    }
    architectures = List.copyOf(architectures);
    Names.atLeast("--cpu-limit", cpuLimitMillis, 1);
    Names.atLeast("--memory-limit", memoryLimitMiB, 1);
    Objects.requireNonNull(consolidateAfter, "consolidateAfter");
    Objects.requireNonNull(expireAfter, "expireAfter");
  }

  public Document render() {
    ObjectNode pool = Yaml.resource("karpenter.sh/v1", "NodePool", name, null);
    ObjectNode spec = pool.putObject("spec");
    ObjectNode template = spec.putObject("template");
    template.putObject("metadata").putObject("labels").put(SpotPlacement.POOL_LABEL, name);
    ObjectNode podSpec = template.putObject("spec");
    ObjectNode ref = podSpec.putObject("nodeClassRef");
    ref.put("group", nodeClass.group());
    ref.put("kind", nodeClass.kind());
    ref.put("name", nodeClass.name());
    ArrayNode requirements = podSpec.putArray("requirements");
    requirement(requirements, SpotPlacement.KARPENTER_CAPACITY_TYPE, "spot");
    requirement(requirements, "kubernetes.io/arch", architectures.toArray(String[]::new));
    requirement(requirements, "kubernetes.io/os", "linux");
    ObjectNode taint = podSpec.putArray("taints").addObject();
    taint.put("key", SpotPlacement.EXECUTOR_TAINT_KEY);
    taint.put("value", SpotPlacement.EXECUTOR_TAINT_VALUE);
    taint.put("effect", "NoSchedule");
    podSpec.put("expireAfter", Durations.format(expireAfter));
    ObjectNode disruption = spec.putObject("disruption");
    disruption.put("consolidationPolicy", whenUnderutilized ? "WhenEmptyOrUnderutilized" : "WhenEmpty");
    disruption.put("consolidateAfter", Durations.format(consolidateAfter));
    // At most a tenth of the pool's nodes disrupted at once by consolidation or expiry.
    disruption.putArray("budgets").addObject().put("nodes", "10%");
    ObjectNode limits = spec.putObject("limits");
    limits.put("cpu", Cpu.format(cpuLimitMillis));
    limits.put("memory", memoryLimitMiB % 1024 == 0 ? memoryLimitMiB / 1024 + "Gi" : memoryLimitMiB + "Mi");
    return Yaml.document(pool);
  }

  private static void requirement(ArrayNode requirements, String key, String... values) {
    ObjectNode r = requirements.addObject();
    r.put("key", key);
    r.put("operator", "In");
    r.set("values", Yaml.strings(values));
  }
}
