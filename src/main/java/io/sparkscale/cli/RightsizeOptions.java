package io.sparkscale.cli;

import io.sparkscale.sizing.Cloud;
import io.sparkscale.sizing.ExecutorMemory;
import io.sparkscale.sizing.ExecutorPreset;
import io.sparkscale.sizing.NodeCatalog;
import io.sparkscale.sizing.NodeSpec;
import io.sparkscale.sizing.NodeType;
import io.sparkscale.sizing.Reserve;
import io.sparkscale.sizing.SizingRequest;
import io.sparkscale.trigger.S3Location;
import io.sparkscale.units.Cpu;
import io.sparkscale.units.InvalidInputException;
import io.sparkscale.units.Sizes;
import picocli.CommandLine.Option;

/** Every rightsizing flag, shared by `rightsize` and the `render` commands that size Spark. */
public class RightsizeOptions {

  @Option(names = "--data-size", paramLabel = "SIZE",
      description = "Input data size: 500GB, 1TB (SI) or 1TiB (IEC), or s3://bucket/prefix to measure it.")
  String dataSize;

  @Option(names = "--executor-preset", paramLabel = "PRESET", defaultValue = "medium",
      description = "small (2 cores/8g), medium (4/16g), large (8/32g) or xlarge (16/64g). Default: ${DEFAULT-VALUE}.")
  ExecutorPreset preset;

  @Option(names = "--executor-cores", paramLabel = "N", description = "Cores per executor (overrides the preset).")
  Integer executorCores;

  @Option(names = "--executor-memory", paramLabel = "MEM",
      description = "Executor heap, e.g. 8g (overrides the preset; without it a given node's memory is shared out).")
  String executorMemory;

  @Option(names = "--memory-overhead-factor", paramLabel = "F",
      description = "Overhead share of the heap (default 0.10, 0.40 with --pyspark).")
  Double memoryOverheadFactor;

  @Option(names = "--min-memory-overhead", paramLabel = "MEM", defaultValue = "384m",
      description = "Smallest overhead. Default: ${DEFAULT-VALUE}.")
  String minMemoryOverhead;

  @Option(names = "--pyspark", description = "Python application: overhead factor 0.40.")
  boolean pyspark;

  @Option(names = "--cloud", paramLabel = "CLOUD", description = "aws, gcp or azure: a node type of that cloud"
      + " (m5.4xlarge, n2-standard-16, Standard_D16s_v5 unless --node-type).")
  Cloud cloud;

  @Option(names = "--node-type", paramLabel = "TYPE", description = "A catalogue node type, e.g. r5.4xlarge.")
  String nodeType;

  @Option(names = "--max-pods", paramLabel = "N", description = "Pod limit per node (default: the provider's).")
  Integer maxPods;

  @Option(names = "--node-cores", paramLabel = "N", description = "vCPUs of a node not in the catalogue.")
  Integer nodeCores;

  @Option(names = "--node-memory", paramLabel = "MEM", description = "Memory of a node not in the catalogue.")
  String nodeMemory;

  @Option(names = "--node-price", paramLabel = "USD", description = "Price per node-hour (overrides the catalogue).")
  Double nodePrice;

  @Option(names = "--reserved-cores", paramLabel = "N", description = "CPU a custom node keeps back. Default: 0.")
  String reservedCores;

  @Option(names = "--reserved-memory", paramLabel = "MEM", description = "Memory a custom node keeps back. Default: 0.")
  String reservedMemory;

  @Option(names = "--daemonset-cpu", paramLabel = "CPU", description = "DaemonSet CPU per node. Default: 200m.")
  String daemonSetCpu;

  @Option(names = "--daemonset-memory", paramLabel = "MEM", description = "DaemonSet memory per node. Default: 512Mi.")
  String daemonSetMemory;

  @Option(names = "--max-nodes", paramLabel = "N", description = "Cap: at most this many nodes.")
  Integer maxNodes;

  @Option(names = "--max-executors", paramLabel = "N", description = "Cap: at most this many executors.")
  Integer maxExecutors;

  @Option(names = "--initial-executors", paramLabel = "N", description = "Executors at start. Default: 0.")
  Integer initialExecutors;

  @Option(names = "--budget-per-hour", paramLabel = "USD", description = "Cap: on-demand cost per hour.")
  Double budgetPerHour;

  @Option(names = "--spot-discount", paramLabel = "F", description = "Spot discount off on-demand. Default: 0.65.")
  Double spotDiscount;

  @Option(names = "--max-partition-bytes", paramLabel = "SIZE", description = "Input split size. Default: 128MiB.")
  String maxPartitionBytes;

  @Option(names = "--shuffle-ratio", paramLabel = "F", description = "Shuffle bytes per input byte. Default: 1.0.")
  Double shuffleRatio;

  @Option(names = "--s3-endpoint", paramLabel = "URL",
      description = "S3-compatible endpoint for an s3:// --data-size (MinIO, Ceph, R2; path-style addressing).")
  String s3Endpoint;

  @Option(names = "--region", paramLabel = "REGION",
      description = "AWS region for an s3:// --data-size (default: the SDK's region chain).")
  String region;

  /** The raw --data-size (null when not given); s3:// values are measured by the caller. */
  public String dataSize() {
    return dataSize;
  }

  public Cloud cloud() {
    return cloud;
  }

  /** The request for a data size already in bytes. */
  public SizingRequest toRequest(long dataBytes) {
    double factor = memoryOverheadFactor != null
        ? memoryOverheadFactor
        : pyspark ? ExecutorMemory.PYSPARK_FACTOR : ExecutorMemory.JVM_FACTOR;
    return new SizingRequest(
        dataBytes,
        preset,
        executorCores,
        executorMemory == null ? null : Sizes.parseMemoryMiB("--executor-memory", executorMemory),
        new ExecutorMemory(factor, Sizes.parseMemoryMiB("--min-memory-overhead", minMemoryOverhead)),
        node(),
        maxNodes,
        maxExecutors,
        initialExecutors,
        budgetPerHour,
        spotDiscount == null ? SizingRequest.DEFAULT_SPOT_DISCOUNT : spotDiscount,
        maxPartitionBytes == null
            ? SizingRequest.DEFAULT_MAX_PARTITION_BYTES
            : Sizes.parseDataBytes("--max-partition-bytes", maxPartitionBytes),
        shuffleRatio == null ? SizingRequest.DEFAULT_SHUFFLE_RATIO : shuffleRatio);
  }

  /** --data-size in bytes; an s3:// address is measured by listing what is waiting there. */
  public long dataBytes() {
    if (dataSize == null) {
      throw new InvalidInputException("--data-size: required; give a size such as 1TB, or s3://bucket/prefix");
    }
    if (S3Location.looksLike(dataSize)) {
      return PendingData.measureBytes("--data-size", dataSize, s3Endpoint, region);
    }
    if (s3Endpoint != null || region != null) {
      throw new InvalidInputException("--s3-endpoint/--region: apply only to an s3:// --data-size");
    }
    return Sizes.parseDataBytes("--data-size", dataSize);
  }

  private NodeSpec node() {
    boolean custom = nodeCores != null || nodeMemory != null;
    boolean catalogue = nodeType != null || cloud != null && !custom;
    if (nodePrice != null && !(nodePrice > 0 && Double.isFinite(nodePrice))) {
      throw new InvalidInputException("--node-price: use a price in USD per hour above 0, e.g. 0.768");
    }
    if (custom) {
      refuse(nodeType != null, "--node-type", "describe the node either by --node-type or by --node-cores/--node-memory");
      refuse(nodeCores == null, "--node-memory", "needs --node-cores too");
      refuse(nodeMemory == null, "--node-cores", "needs --node-memory too");
      refuse(nodeCores <= 0, "--node-cores", "use a whole number of 1 or more");
      refuse(maxPods != null, "--max-pods", "applies to catalogue node types; a custom node's reserve is --reserved-cores/--reserved-memory");
      refuse(daemonSetCpu != null || daemonSetMemory != null, "--daemonset-cpu/--daemonset-memory",
          "apply to catalogue node types; a custom node's whole reserve is --reserved-cores/--reserved-memory");
      Reserve reserve = new Reserve(
          reservedCores == null ? 0 : Cpu.parseMillis("--reserved-cores", reservedCores),
          reservedMemory == null ? 0 : memoryOrZero("--reserved-memory", reservedMemory));
      return NodeSpec.custom(nodeCores, Sizes.parseMemoryMiB("--node-memory", nodeMemory), reserve, nodePrice);
    }
    refuse(reservedCores != null || reservedMemory != null, "--reserved-cores/--reserved-memory",
        "describe a custom node (with --node-cores and --node-memory); catalogue types reserve what their provider does");
    if (!catalogue) {
      refuse(maxPods != null || daemonSetCpu != null || daemonSetMemory != null || nodePrice != null,
          "--max-pods/--daemonset-*/--node-price", "need a node: add --cloud/--node-type or --node-cores/--node-memory");
      return null;
    }
    NodeType type = nodeType != null ? NodeCatalog.require("--node-type", nodeType) : NodeCatalog.defaultFor(cloud);
    if (cloud != null && type.cloud() != cloud) {
      throw new InvalidInputException("--node-type: '" + type.name() + "' is a " + type.cloud().id()
          + " type, not " + cloud.id() + "; drop --cloud or pick a " + cloud.id() + " type");
    }
    refuse(maxPods != null && maxPods <= 0, "--max-pods", "use a whole number of 1 or more");
    Reserve daemonSets = new Reserve(
        daemonSetCpu == null ? NodeSpec.DEFAULT_DAEMONSET_RESERVE.cpuMillis() : Cpu.parseMillis("--daemonset-cpu", daemonSetCpu),
        daemonSetMemory == null ? NodeSpec.DEFAULT_DAEMONSET_RESERVE.memoryMiB() : memoryOrZero("--daemonset-memory", daemonSetMemory));
    NodeSpec spec = NodeSpec.of(type, maxPods, daemonSets);
    return nodePrice == null ? spec : new NodeSpec(spec.type(), spec.cloud(), spec.vcpus(), spec.memoryMiB(),
        spec.systemReserve(), spec.daemonSetReserve(), nodePrice, "--node-price");
  }

  private static long memoryOrZero(String option, String text) {
    return text.strip().matches("0+([kKmMgGtT]i?[bB]?)?") ? 0 : Sizes.parseMemoryMiB(option, text);
  }

  private static void refuse(boolean condition, String option, String why) {
    if (condition) {
      throw new InvalidInputException(option + ": " + why);
    }
  }
}
