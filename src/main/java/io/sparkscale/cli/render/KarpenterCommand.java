package io.sparkscale.cli.render;

import io.sparkscale.cli.VerboseOption;
import io.sparkscale.render.KarpenterNodePool;
import io.sparkscale.render.KarpenterNodePool.NodeClassRef;
import io.sparkscale.units.Cpu;
import io.sparkscale.units.Durations;
import io.sparkscale.units.Sizes;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `render karpenter`: a spot NodePool for executors only. */
@Command(
    name = "karpenter",
    mixinStandardHelpOptions = true,
    description = {
      "A karpenter.sh/v1 NodePool of spot nodes for Spark executors: capacity-type spot, a taint only",
      "executors of the cost-optimized preset tolerate, limits, and consolidation."
    })
public class KarpenterCommand implements Runnable {

  @Spec CommandSpec spec;
  @Mixin VerboseOption verbose;
  @Mixin OutputOption output;

  @Option(names = "--name", defaultValue = "spark-executors-spot", description = "Default: ${DEFAULT-VALUE}.")
  String name;

  @Option(
      names = "--node-class",
      defaultValue = "default",
      description = "Node class name (default: ${DEFAULT-VALUE}).")
  String nodeClass;

  @Option(
      names = "--node-class-kind",
      defaultValue = "EC2NodeClass",
      description = "Node class kind (default: ${DEFAULT-VALUE}; AKSNodeClass on Azure).")
  String nodeClassKind;

  @Option(
      names = "--node-class-group",
      defaultValue = "karpenter.k8s.aws",
      description = "Node class API group (default: ${DEFAULT-VALUE}; karpenter.azure.com on Azure).")
  String nodeClassGroup;

  @Option(names = "--arch", paramLabel = "amd64|arm64", description = "Repeatable (default: amd64).")
  List<String> architectures;

  @Option(
      names = "--cpu-limit",
      defaultValue = "1000",
      description = "Pool CPU limit (default: ${DEFAULT-VALUE}).")
  String cpuLimit;

  @Option(
      names = "--memory-limit",
      defaultValue = "4000Gi",
      description = "Pool memory limit (default: ${DEFAULT-VALUE}).")
  String memoryLimit;

  @Option(
      names = "--consolidate-underutilized",
      description = {
        "Also consolidate nodes that still run executors. Off by default: dynamic allocation",
        "already empties idle nodes, and moving busy executors costs recomputation."
      })
  boolean underutilized;

  @Option(names = "--consolidate-after", defaultValue = "1m", description = "Default: ${DEFAULT-VALUE}.")
  String consolidateAfter;

  @Option(
      names = "--expire-after",
      defaultValue = "720h",
      description = "Node lifetime (default: ${DEFAULT-VALUE}).")
  String expireAfter;

  @Override
  public void run() {
    KarpenterNodePool pool =
        new KarpenterNodePool(
            name,
            new NodeClassRef(nodeClassGroup, nodeClassKind, nodeClass),
            architectures,
            Cpu.parseMillis("--cpu-limit", cpuLimit),
            Sizes.parseMemoryMiB("--memory-limit", memoryLimit),
            underutilized,
            Durations.parse("--consolidate-after", consolidateAfter),
            Durations.parsePositive("--expire-after", expireAfter));
    output.emit(spec, List.of(pool.render()));
  }
}
