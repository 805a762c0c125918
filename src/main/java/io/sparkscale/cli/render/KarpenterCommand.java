package io.sparkscale.cli.render;

import io.sparkscale.cli.RightsizeOptions;
import io.sparkscale.cli.VerboseOption;
import io.sparkscale.cli.options.Converters;
import io.sparkscale.cli.options.Requirements;
import io.sparkscale.render.KarpenterNodePool;
import io.sparkscale.render.KarpenterNodePool.Limits;
import io.sparkscale.render.KarpenterNodePool.NodeClassRef;
import io.sparkscale.render.KarpenterPlanShape;
import io.sparkscale.render.Names;
import io.sparkscale.render.SpotPlacement.SpotMode;
import io.sparkscale.sizing.Arch;
import io.sparkscale.sizing.Sizer;
import io.sparkscale.sizing.SizingPlan;
import io.sparkscale.units.InvalidInputException;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `render karpenter`: NodePools shaped by a sizing plan, spot for executors and on-demand for drivers. */
@Command(
    name = "karpenter",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Two karpenter.sh/v1 NodePools sized by the same core as rightsize: NAME-spot (weight 100, tainted "
          + "for executors) and NAME-on-demand (weight 10) for drivers and, with --spot prefer, executors when "
          + "spot is short. Instance requirements follow the plan's node type, limits its executor count."
    })
public class KarpenterCommand implements Runnable, Requirements.Needed {

  @Spec CommandSpec spec;
  @Mixin VerboseOption verbose;
  @Mixin OutputOption output;

  // Not ObjectMetadataOptions: NodePools are cluster-scoped, and this names two of them.
  @Option(names = "--name", defaultValue = "spark", paramLabel = "PREFIX",
      description = "Pool name prefix (default: ${DEFAULT-VALUE}).")
  String name;

  @Option(
      names = "--node-class",
      defaultValue = "default",
      description = "Node class name (default: ${DEFAULT-VALUE}).")
  String nodeClass;

  @Option(
      names = "--node-class-kind",
      description = "Node class kind (default: EC2NodeClass on aws, AKSNodeClass on azure).")
  String nodeClassKind;

  @Option(
      names = "--node-class-group",
      description = "Node class API group (default: karpenter.k8s.aws on aws, karpenter.azure.com on azure).")
  String nodeClassGroup;

  @Option(
      names = "--spot",
      paramLabel = "prefer|only",
      defaultValue = "prefer",
      converter = Converters.SpotModeName.class,
      description = {
        "prefer (default): the on-demand pool also takes executors when spot is short, and its limits "
            + "hold them; only: the on-demand pool is sized for drivers alone."
      })
  SpotMode spot;

  @Option(
      names = "--concurrent-drivers",
      paramLabel = "N",
      defaultValue = "4",
      description = "Drivers the on-demand pool has room for at once (default: ${DEFAULT-VALUE}).")
  int concurrentDrivers;

  @Option(
      names = "--cpu-limit",
      paramLabel = "CPU",
      converter = Converters.CpuMillis.class,
      description = "Spot pool CPU limit (default: the plan's nodes at max executors, plus 20 %%).")
  Long cpuLimitMillis;

  @Option(
      names = "--memory-limit",
      paramLabel = "MEM",
      converter = Converters.MemoryMiB.class,
      description = "Spot pool memory limit (default: the plan's nodes at max executors, plus 20 %%).")
  Long memoryLimitMiB;

  @Option(
      names = "--consolidate-underutilized",
      description = {
        "Also consolidate nodes that still run executors. Off by default: dynamic allocation "
            + "already empties idle nodes, and moving busy executors costs recomputation."
      })
  boolean underutilized;

  @Option(names = "--consolidate-after", defaultValue = "1m", paramLabel = "DURATION",
      converter = Converters.AnyDuration.class, description = "Default: ${DEFAULT-VALUE}.")
  Duration consolidateAfter;

  @Option(
      names = "--expire-after",
      defaultValue = "720h",
      paramLabel = "DURATION",
      converter = Converters.PositiveDuration.class,
      description = "Node lifetime (default: ${DEFAULT-VALUE}).")
  Duration expireAfter;

  @Mixin RightsizeOptions sizing;

  @Override
  public void require(Requirements requirements) {
    sizing.requireDataSize(requirements);
    sizing.require(requirements);
    // The pools ask Karpenter for the plan's instance type, so the node must be a catalogue one.
    requirements.oneOf(sizing.catalogueNodeGiven(), "--cloud", "--node-type");
  }

  @Override
  public void run() {
    Names.atLeast("--concurrent-drivers", concurrentDrivers, 1);
    // Karpenter makes these nodes whatever the cloud: executors must fit its estimate of them.
    SizingPlan plan = new Sizer().plan(sizing.toRequest(sizing.dataBytes(), false, true));
    NodeClassRef classRef = nodeClass(plan);
    Limits executors = KarpenterPlanShape.executorLimits(plan);
    Limits spotLimits =
        new Limits(
            cpuLimitMillis == null ? executors.cpuMillis() : cpuLimitMillis,
            memoryLimitMiB == null ? executors.memoryMiB() : memoryLimitMiB);
    KarpenterNodePool pools =
        new KarpenterNodePool(
            name,
            classRef,
            architectures(KarpenterPlanShape.node(plan), sizing),
            KarpenterPlanShape.spotRequirements(plan, classRef.group()),
            KarpenterPlanShape.onDemandRequirements(plan, classRef.group(), spot),
            spotLimits,
            KarpenterPlanShape.onDemandLimits(plan, spot, concurrentDrivers),
            spot,
            underutilized,
            consolidateAfter,
            expireAfter);
    output.emit(pools.render());
    String advice = KarpenterPlanShape.nodeClassAdvice(plan, classRef.group(), classRef.name());
    if (advice != null) {
      spec.commandLine().getErr().println("note: " + advice);
    }
    plan.warnings().forEach(warning -> spec.commandLine().getErr().println("warning: " + warning));
  }

  /** --arch as given, else the plan's node type's. */
  private static List<String> architectures(SizingPlan.Node node, RightsizeOptions sizing) {
    List<Arch> given = sizing.architectures();
    return given != null ? given.stream().map(Arch::id).toList() : List.of(node.arch() == null ? Arch.AMD64.id() : node.arch());
  }

  /** The cloud's Karpenter provider's node class unless given; GKE has no Karpenter provider. */
  private NodeClassRef nodeClass(SizingPlan plan) {
    String cloud = plan.node() == null ? null : plan.node().cloud();
    if ("gcp".equals(cloud)) {
      throw new InvalidInputException(
          "--cloud: Karpenter has no GKE provider; use `render cluster-autoscaler --cloud gcp` (spot node pools)"
              + " or GKE node auto-provisioning");
    }
    NodeClassRef defaults =
        "azure".equals(cloud) ? KarpenterNodePool.AZURE_DEFAULT : KarpenterNodePool.AWS_DEFAULT;
    return new NodeClassRef(
        nodeClassGroup == null ? defaults.group() : nodeClassGroup,
        nodeClassKind == null ? defaults.kind() : nodeClassKind,
        nodeClass);
  }
}
