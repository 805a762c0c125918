package io.sparkscale.cli;

import io.sparkscale.cli.options.BucketLocationOptions;
import io.sparkscale.cli.options.Converters;
import io.sparkscale.cli.options.DataSize;
import io.sparkscale.cli.options.DecimalConverter;
import io.sparkscale.cli.options.Requirements;
import io.sparkscale.sizing.Arch;
import io.sparkscale.sizing.Cloud;
import io.sparkscale.sizing.ExecutorMemory;
import io.sparkscale.sizing.ExecutorPreset;
import io.sparkscale.sizing.KarpenterEstimate;
import io.sparkscale.sizing.NodeCatalog;
import io.sparkscale.sizing.NodeSpec;
import io.sparkscale.sizing.NodeType;
import io.sparkscale.sizing.Reserve;
import io.sparkscale.sizing.SizingRequest;
import io.sparkscale.units.InvalidInputException;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Every rightsizing flag, shared by `rightsize` and the `render` commands that size Spark. Values are read by
 * converters (io.sparkscale.cli.options.Converters), so a bad one fails while the command line is parsed;
 * what is left here are the rules between flags. The bucket flags (--region, --s3-endpoint,
 * --force-path-style) come with them, for an s3:// --data-size; a render command that also writes a trigger
 * hands the same flags to it ({@link #bucketLocation()}).
 */
public class RightsizeOptions implements Standalone {

  @Option(names = "--data-size", paramLabel = "SIZE", converter = DataSize.Converter.class,
      description = "Input data size: 500GB, 1TB (SI) or 1TiB (IEC), or s3://bucket/prefix to measure it.")
  DataSize dataSize;

  @Option(names = "--executor-preset", paramLabel = "PRESET", defaultValue = "medium",
      converter = Converters.ExecutorPresetName.class,
      description = "small (2 cores/8g), medium (4/16g), large (8/31g) or xlarge (16/31g). On a node the heap"
          + " is fitted to it, at most 31g (compressed oops): a preset whose cores would need more gets fewer"
          + " cores per executor. Default: ${DEFAULT-VALUE}.")
  ExecutorPreset preset;

  @Option(names = "--executor-cores", paramLabel = "N", description = "Cores per executor (overrides the preset).")
  Integer executorCores;

  @Option(names = "--executor-memory", paramLabel = "MEM", converter = Converters.MemoryMiB.class,
      description = "Executor heap with a unit, at least 450m, e.g. 8g (overrides the preset; without it a given"
          + " node's memory is shared out).")
  Long executorMemoryMiB;

  @Option(names = "--memory-overhead-factor", paramLabel = "F", converter = DecimalConverter.OverheadFactor.class,
      description = "Overhead share of the heap (default 0.10, 0.40 for Python: --pyspark or a .py file).")
  Double memoryOverheadFactor;

  @Option(names = "--min-memory-overhead", paramLabel = "MEM", defaultValue = "384m",
      converter = Converters.MemoryMiB.class, description = "Smallest overhead. Default: ${DEFAULT-VALUE}.")
  long minMemoryOverheadMiB;

  @Option(names = "--pyspark", description = "Python application: overhead factor 0.40, as Spark on Kubernetes"
      + " gives non-JVM applications.")
  boolean pyspark;

  @Option(names = "--driver-cores", paramLabel = "N",
      description = "Driver cores (default: from the executor count, 1 to 4; docs/sizing.md).")
  Integer driverCores;

  @Option(names = "--driver-memory", paramLabel = "MEM", converter = Converters.MemoryMiB.class,
      description = "Driver heap with a unit, e.g. 8g (default: from the executor count, 4g to 16g).")
  Long driverMemoryMiB;

  @Option(names = "--cloud", paramLabel = "CLOUD", converter = Converters.CloudName.class,
      description = "aws, gcp or azure: a node type of that cloud (m5.4xlarge, n2-standard-16, Standard_D16s_v5;"
          + " m7g.4xlarge, t2a-standard-16 with --arch arm64; unless --node-type).")
  Cloud cloud;

  @Option(names = "--arch", paramLabel = "amd64|arm64", converter = Converters.ArchName.class,
      description = "Node architecture; repeat for both (Karpenter pools then launch either). arm64 picks and"
          + " prices Graviton or Tau T2A types. Default: amd64, or the --node-type's.")
  List<Arch> architectures;

  @Option(names = "--node-type", paramLabel = "TYPE", description = "A catalogue node type, e.g. r5.4xlarge.")
  String nodeType;

  @Option(names = "--max-pods", paramLabel = "N", description = "Pod limit per node (default: the provider's).")
  Integer maxPods;

  @Option(names = "--node-cores", paramLabel = "N", description = "vCPUs of a node not in the catalogue.")
  Integer nodeCores;

  @Option(names = "--node-memory", paramLabel = "MEM", converter = Converters.MemoryMiB.class,
      description = "Memory of a node not in the catalogue.")
  Long nodeMemoryMiB;

  @Option(names = "--node-price", paramLabel = "USD", converter = DecimalConverter.NodePrice.class,
      description = "Price per node-hour (overrides the catalogue).")
  Double nodePrice;

  @Option(names = "--reserved-cores", paramLabel = "N", converter = Converters.CpuMillis.class,
      description = "CPU a custom node keeps back. Default: 0.")
  Long reservedCpuMillis;

  @Option(names = "--reserved-memory", paramLabel = "MEM", converter = Converters.MemoryMiBOrZero.class,
      description = "Memory a custom node keeps back. Default: 0.")
  Long reservedMemoryMiB;

  @Option(names = "--daemonset-cpu", paramLabel = "CPU", converter = Converters.CpuMillis.class,
      description = "DaemonSet CPU per node. Default: 200m.")
  Long daemonSetCpuMillis;

  @Option(names = "--daemonset-memory", paramLabel = "MEM", converter = Converters.MemoryMiBOrZero.class,
      description = "DaemonSet memory per node. Default: 512Mi.")
  Long daemonSetMemoryMiB;

  @Option(names = "--headroom", paramLabel = "PCT", converter = DecimalConverter.Headroom.class,
      description = "Share of the memory a node leaves for executors that stays unrequested, e.g. 3%%."
          + " Default: 3%%.")
  Double headroom;

  @Option(names = "--vm-memory-overhead-percent", paramLabel = "F",
      converter = DecimalConverter.VmMemoryOverhead.class,
      description = "Karpenter's setting of that name (a fraction): executors are packed to fit its estimate of a"
          + " node before it has seen one. Default: 0.075 when Karpenter makes the nodes (aws, render karpenter),"
          + " 0 (not modelled) otherwise.")
  Double vmMemoryOverhead;

  @Option(names = "--node-disk", paramLabel = "SIZE", converter = Converters.DataBytes.class,
      description = "The node's disk for ephemeral storage (shuffle and spills), e.g. 200GiB. Default: the"
          + " type's instance-store NVMe, else the provider's default root volume (20 GiB on EKS).")
  Long nodeDiskBytes;

  @Option(names = "--waves", paramLabel = "N", description = "Rounds of input tasks each executor core runs at"
      + " maxExecutors; fewer waves, more executors. Default: " + SizingRequest.DEFAULT_WAVES + ".")
  Integer waves;

  @Option(names = "--max-nodes", paramLabel = "N", description = "Cap: at most this many nodes. Default: "
      + SizingRequest.DEFAULT_MAX_NODES + " (Kubernetes' scale limit); may be raised.")
  Integer maxNodes;

  @Option(names = "--max-executors", paramLabel = "N", description = "Cap: at most this many executors. Default: "
      + SizingRequest.DEFAULT_MAX_EXECUTORS + "; may be raised.")
  Integer maxExecutors;

  @Option(names = "--initial-executors", paramLabel = "N", description = "Executors at start. Default: 0.")
  Integer initialExecutors;

  @Option(names = "--budget-per-hour", paramLabel = "USD", converter = DecimalConverter.BudgetPerHour.class,
      description = "Cap: on-demand cost per hour.")
  Double budgetPerHour;

  @Option(names = "--spot-discount", paramLabel = "F", converter = DecimalConverter.SpotDiscount.class,
      description = "Spot discount off on-demand. Default: 0.65.")
  Double spotDiscount;

  @Option(names = "--max-partition-bytes", paramLabel = "SIZE", converter = Converters.DataBytes.class,
      description = "Input split size. Default: 128MiB.")
  Long maxPartitionBytes;

  @Option(names = "--shuffle-ratio", paramLabel = "F", converter = DecimalConverter.ShuffleRatio.class,
      description = "Shuffle bytes per input byte. Default: 1.0.")
  Double shuffleRatio;

  @Mixin BucketLocationOptions bucket;

  /** --data-size as typed (null when not given); an s3:// one is measured by {@link #dataBytes()}. */
  public DataSize dataSize() {
    return dataSize;
  }

  public Cloud cloud() {
    return cloud;
  }

  /** --max-nodes as typed; null when not given (the plan has no cap but the default). */
  public Integer maxNodes() {
    return maxNodes;
  }

  /** Where the bucket is: for an s3:// --data-size, and for a trigger rendered beside it. */
  public BucketLocationOptions bucketLocation() {
    return bucket;
  }

  /** --data-size, for commands that cannot size without it. */
  public void requireDataSize(Requirements requirements) {
    requirements.option("--data-size", dataSize);
  }

  /**
   * What every sizing command needs: a custom node's other half (--node-cores with --node-memory). The
   * rest of the node rules (one way to describe a node, what applies to which) are refusals in
   * {@link #toRequest}; --data-size is {@link #requireDataSize}, for the commands that need it.
   */
  public void require(Requirements requirements) {
    if (nodeMemoryMiB != null) {
      requirements.option("--node-cores", nodeCores, "with --node-memory");
    }
    if (nodeCores != null) {
      requirements.option("--node-memory", nodeMemoryMiB, "with --node-cores");
    }
  }

  /** Whether a catalogue node is named: a type, or a cloud (its default type). */
  public boolean catalogueNodeGiven() {
    return cloud != null || nodeType != null;
  }

  /** Whether a node is described at all: a cloud, a catalogue type, or a custom node. */
  public boolean nodeGiven() {
    return cloud != null || nodeType != null || nodeCores != null || nodeMemoryMiB != null;
  }

  /** The request for a data size already in bytes. */
  public SizingRequest toRequest(long dataBytes) {
    return toRequest(dataBytes, false);
  }

  public SizingRequest toRequest(long dataBytes, boolean nonJvmApplication) {
    return toRequest(dataBytes, nonJvmApplication, null);
  }

  /**
   * @param nonJvmApplication the application's main file is Python (or R): Spark on Kubernetes then
   *     defaults the overhead factor to 0.4 (NON_JVM_MEMORY_OVERHEAD_FACTOR), and so does the plan
   * @param karpenterProvisions whether Karpenter makes the nodes; null: the cloud's default (Karpenter on
   *     aws, the managed autoscaler elsewhere)
   */
  public SizingRequest toRequest(long dataBytes, boolean nonJvmApplication, Boolean karpenterProvisions) {
    double factor = memoryOverheadFactor != null
        ? memoryOverheadFactor
        : pyspark || nonJvmApplication ? ExecutorMemory.PYSPARK_FACTOR : ExecutorMemory.JVM_FACTOR;
    return new SizingRequest(
        dataBytes,
        preset,
        executorCores,
        executorMemoryMiB,
        new ExecutorMemory(factor, minMemoryOverheadMiB),
        node(karpenterProvisions),
        maxNodes,
        maxExecutors,
        initialExecutors,
        budgetPerHour,
        spotDiscount == null ? SizingRequest.DEFAULT_SPOT_DISCOUNT : spotDiscount,
        maxPartitionBytes,
        shuffleRatio == null ? SizingRequest.DEFAULT_SHUFFLE_RATIO : shuffleRatio,
        waves == null ? SizingRequest.DEFAULT_WAVES : waves,
        driverCores,
        driverMemoryMiB,
        headroom == null ? SizingRequest.DEFAULT_HEADROOM : headroom);
  }

  /** --arch as given (repeatable, each once), or null when not given. */
  public List<Arch> architectures() {
    return architectures == null || architectures.isEmpty() ? null : architectures.stream().distinct().toList();
  }

  /** --pyspark: so `render sparkapplication` can refuse it for a JVM main file. */
  public boolean pyspark() {
    return pyspark;
  }

  /** A size measured on S3 needs the SDK's client and its logging, which Quarkus sets up (see Main). */
  @Override
  public boolean standalone() {
    return dataSize == null || !dataSize.measured();
  }

  /**
   * --data-size in bytes; an s3:// address is measured by listing what is waiting there. The bucket flags
   * serve only that measurement here, so they are refused with a size.
   */
  public long dataBytes() {
    if (!dataSize().measured() && bucket.given()) {
      throw new InvalidInputException(
          "--s3-endpoint/--region/--force-path-style: apply only to an s3:// --data-size");
    }
    return dataBytesBesideTrigger();
  }

  /** Like {@link #dataBytes()}, for a command whose trigger also reads the bucket flags. */
  public long dataBytesBesideTrigger() {
    if (dataSize == null) {
      throw new IllegalStateException("--data-size: the command did not require it");
    }
    return dataSize.measured() ? PendingData.measureBytes(dataSize.location(), bucket) : dataSize.bytes();
  }

  private NodeSpec node(Boolean karpenterProvisions) {
    boolean custom = nodeCores != null || nodeMemoryMiB != null;
    boolean catalogue = nodeType != null || cloud != null && !custom;
    List<Arch> archs = architectures();
    if (custom) {
      refuse(nodeType != null, "--node-type", "describe the node either by --node-type or by --node-cores/--node-memory");
      refuse(nodeCores == null, "--node-memory", "needs --node-cores too");
      refuse(nodeMemoryMiB == null, "--node-cores", "needs --node-memory too");
      refuse(nodeCores <= 0, "--node-cores", "use a whole number of 1 or more");
      refuse(maxPods != null, "--max-pods", "applies to catalogue node types; a custom node's reserve is --reserved-cores/--reserved-memory");
      refuse(daemonSetCpuMillis != null || daemonSetMemoryMiB != null, "--daemonset-cpu/--daemonset-memory",
          "apply to catalogue node types; a custom node's whole reserve is --reserved-cores/--reserved-memory");
      refuse(vmMemoryOverhead != null, "--vm-memory-overhead-percent",
          "applies to catalogue node types, whose memory Karpenter estimates; a custom node's is as given");
      Reserve reserve = new Reserve(
          reservedCpuMillis == null ? 0 : reservedCpuMillis, reservedMemoryMiB == null ? 0 : reservedMemoryMiB);
      return NodeSpec.custom(nodeCores, nodeMemoryMiB, reserve, nodePrice, nodeDiskBytes);
    }
    refuse(reservedCpuMillis != null || reservedMemoryMiB != null, "--reserved-cores/--reserved-memory",
        "describe a custom node (with --node-cores and --node-memory); catalogue types reserve what their provider does");
    if (!catalogue) {
      refuse(maxPods != null || daemonSetCpuMillis != null || daemonSetMemoryMiB != null || nodePrice != null
              || nodeDiskBytes != null || vmMemoryOverhead != null,
          "--max-pods/--daemonset-*/--node-price/--node-disk/--vm-memory-overhead-percent",
          "need a node: add --cloud/--node-type or --node-cores/--node-memory");
      return null;
    }
    NodeType type = nodeType != null
        ? NodeCatalog.require("--node-type", nodeType)
        : NodeCatalog.defaultFor(cloud, archs == null ? Arch.AMD64 : archs.get(0));
    if (cloud != null && type.cloud() != cloud) {
      throw new InvalidInputException("--node-type: '" + type.name() + "' is a node type of --cloud "
          + type.cloud().id() + ", not " + cloud.id() + "; drop --cloud or pick a type of " + cloud.id());
    }
    if (archs != null && !archs.contains(type.arch())) {
      throw new InvalidInputException("--arch: " + type.name() + " is " + type.arch().id() + ", not "
          + archs.stream().map(Arch::id).collect(Collectors.joining(" or "))
          + "; pick a type of that architecture, e.g. " + NodeCatalog.defaultFor(type.cloud(), archs.get(0)).name());
    }
    refuse(maxPods != null && maxPods <= 0, "--max-pods", "use a whole number of 1 or more");
    Reserve daemonSets = new Reserve(
        daemonSetCpuMillis == null ? NodeSpec.DEFAULT_DAEMONSET_RESERVE.cpuMillis() : daemonSetCpuMillis,
        daemonSetMemoryMiB == null ? NodeSpec.DEFAULT_DAEMONSET_RESERVE.memoryMiB() : daemonSetMemoryMiB);
    boolean karpenter = karpenterProvisions != null ? karpenterProvisions : type.cloud() == Cloud.AWS;
    // 0 turns the estimate off; unset, Karpenter's default applies where Karpenter makes the nodes.
    Double karpenterOverhead = vmMemoryOverhead != null
        ? (vmMemoryOverhead == 0 ? null : vmMemoryOverhead)
        : karpenter ? KarpenterEstimate.DEFAULT_VM_MEMORY_OVERHEAD : null;
    NodeSpec spec = NodeSpec.of(type, new NodeSpec.Options(maxPods, daemonSets, karpenterOverhead,
        archs != null && archs.contains(Arch.ARM64), nodeDiskBytes));
    return nodePrice == null ? spec : spec.withPrice(nodePrice, "--node-price");
  }

  private static void refuse(boolean condition, String option, String why) {
    if (condition) {
      throw new InvalidInputException(option + ": " + why);
    }
  }
}
