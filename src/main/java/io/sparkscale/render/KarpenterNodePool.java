package io.sparkscale.render;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkscale.render.SpotPlacement.SpotMode;
import io.sparkscale.units.Cpu;
import io.sparkscale.units.Durations;
import io.sparkscale.units.InvalidInputException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Two karpenter.sh/v1 NodePools for Spark, shaped by a sizing plan: NAME-spot (weight 100) that only
 * executors tolerate, and NAME-on-demand (weight 10) for drivers and, with {@link SpotMode#PREFER}, executors
 * when spot capacity is short. Karpenter tries NodePools in weight order and skips spot offerings it has just
 * seen fail, so executors land on spot while there is some and on on-demand when there is none.
 *
 * @param name base name: the pools are NAME-spot and NAME-on-demand
 * @param spotRequirements instance requirements of the spot pool (capacity type, arch and os are added)
 * @param onDemandRequirements the same for the on-demand pool
 * @param whenUnderutilized also consolidate nodes that still run executors (otherwise only empty ones)
 */
public record KarpenterNodePool(
    String name,
    NodeClassRef nodeClass,
    List<String> architectures,
    List<Requirement> spotRequirements,
    List<Requirement> onDemandRequirements,
    Limits spotLimits,
    Limits onDemandLimits,
    SpotMode spotMode,
    boolean whenUnderutilized,
    Duration consolidateAfter,
    Duration expireAfter) {

  /** NodePool weights: higher is tried first (karpenter.sh/v1 NodePool spec.weight, 1..100). */
  static final int SPOT_WEIGHT = 100;
  static final int ON_DEMAND_WEIGHT = 10;

  /** The cloud-specific node class (EC2NodeClass on AWS, AKSNodeClass on Azure). */
  public record NodeClassRef(String group, String kind, String name) {
    public NodeClassRef {
      Names.token("--node-class-group", group, "use an API group such as karpenter.k8s.aws");
      Names.token("--node-class-kind", kind, "use a kind such as EC2NodeClass");
      Names.dnsLabel("--node-class", name);
    }
  }

  public static final NodeClassRef AWS_DEFAULT = new NodeClassRef("karpenter.k8s.aws", "EC2NodeClass", "default");
  public static final NodeClassRef AZURE_DEFAULT = new NodeClassRef("karpenter.azure.com", "AKSNodeClass", "default");

  /** One entry of spec.template.spec.requirements. */
  public record Requirement(String key, String operator, List<String> values) {
    public Requirement {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(operator, "operator");
      values = List.copyOf(values);
    }

    public static Requirement in(String key, List<String> values) {
      return new Requirement(key, "In", values);
    }

    public static Requirement in(String key, String... values) {
      return in(key, List.of(values));
    }
  }

  /** spec.limits: the most capacity (node capacity, not requests) the pool may hold. */
  public record Limits(long cpuMillis, long memoryMiB) {
    public Limits {
      Names.atLeast("--cpu-limit", cpuMillis, 1);
      Names.atLeast("--memory-limit", memoryMiB, 1);
    }

    Limits plus(Limits other) {
      return new Limits(cpuMillis + other.cpuMillis, memoryMiB + other.memoryMiB);
    }
  }

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
    spotRequirements = List.copyOf(spotRequirements);
    onDemandRequirements = List.copyOf(onDemandRequirements);
    Objects.requireNonNull(spotLimits, "spotLimits");
    Objects.requireNonNull(onDemandLimits, "onDemandLimits");
    Objects.requireNonNull(spotMode, "spotMode");
    Objects.requireNonNull(consolidateAfter, "consolidateAfter");
    Objects.requireNonNull(expireAfter, "expireAfter");
  }

  public List<Document> render() {
    ObjectNode spot = pool(name + "-spot", SPOT_WEIGHT, "spot", spotRequirements, spotLimits);
    taint(spot, SpotPlacement.EXECUTOR_TAINT_KEY, SpotPlacement.EXECUTOR_TAINT_VALUE);
    ObjectNode onDemand =
        pool(name + "-on-demand", ON_DEMAND_WEIGHT, "on-demand", onDemandRequirements, onDemandLimits);
    taint(onDemand, SpotPlacement.SPARK_TAINT_KEY, SpotPlacement.SPARK_TAINT_VALUE);
    return List.of(Yaml.document(spot), Yaml.document(onDemand));
  }

  private ObjectNode pool(
      String poolName, int weight, String capacityType, List<Requirement> instance, Limits limits) {
    ObjectNode pool = Yaml.resource("karpenter.sh/v1", "NodePool", poolName, null);
    ObjectNode spec = pool.putObject("spec");
    spec.put("weight", weight);
    ObjectNode template = spec.putObject("template");
    template.putObject("metadata").putObject("labels").put(SpotPlacement.POOL_LABEL, poolName);
    ObjectNode podSpec = template.putObject("spec");
    ObjectNode ref = podSpec.putObject("nodeClassRef");
    ref.put("group", nodeClass.group());
    ref.put("kind", nodeClass.kind());
    ref.put("name", nodeClass.name());
    List<Requirement> all = new ArrayList<>();
    all.add(Requirement.in(SpotPlacement.KARPENTER_CAPACITY_TYPE, capacityType));
    all.add(Requirement.in("kubernetes.io/arch", architectures));
    all.add(Requirement.in("kubernetes.io/os", "linux"));
    all.addAll(instance);
    ArrayNode requirements = podSpec.putArray("requirements");
    for (Requirement r : all) {
      ObjectNode node = requirements.addObject();
      node.put("key", r.key());
      node.put("operator", r.operator());
      node.set("values", Yaml.strings(r.values()));
    }
    podSpec.putArray("taints");
    podSpec.put("expireAfter", Durations.format(expireAfter));
    ObjectNode disruption = spec.putObject("disruption");
    disruption.put("consolidationPolicy", whenUnderutilized ? "WhenEmptyOrUnderutilized" : "WhenEmpty");
    disruption.put("consolidateAfter", Durations.format(consolidateAfter));
    // At most a tenth of the pool's nodes disrupted at once by consolidation or expiry.
    disruption.putArray("budgets").addObject().put("nodes", "10%");
    ObjectNode limitsNode = spec.putObject("limits");
    limitsNode.put("cpu", Cpu.format(limits.cpuMillis()));
    long mib = limits.memoryMiB();
    limitsNode.put("memory", mib % 1024 == 0 ? mib / 1024 + "Gi" : mib + "Mi");
    return pool;
  }

  private static void taint(ObjectNode pool, String key, String value) {
    ObjectNode taint = ((ArrayNode) pool.at("/spec/template/spec/taints")).addObject();
    taint.put("key", key);
    taint.put("value", value);
    taint.put("effect", "NoSchedule");
  }
}
