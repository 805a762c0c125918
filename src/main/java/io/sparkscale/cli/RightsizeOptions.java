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
import io.sparkscale.units.SafeText;
import io.sparkscale.units.Sizes;
import java.util.function.DoublePredicate;
import picocli.CommandLine.Option;

/** Every rightsizing flag, shared by `rightsize` and the `render` commands that size Spark. */
public class RightsizeOptions implements Standalone {

  @Option(names = "--data-size", paramLabel = "SIZE",
      description = "Input data size: 500GB, 1TB (SI) or 1TiB (IEC), or s3://bucket/prefix to measure it.")
  String dataSize;

  @Option(names = "--executor-preset", paramLabel = "PRESET", defaultValue = "medium",
      description = "small (2 cores/8g), medium (4/16g), large (8/32g) or xlarge (16/64g). Default: ${DEFAULT-VALUE}.")
  ExecutorPreset preset;

  @Option(names = "--executor-cores", paramLabel = "N", description = "Cores per executor (overrides the preset).")
  Integer executorCores;

  @Option(names = "--executor-memory", paramLabel = "MEM",
      description = "Executor heap with a unit, at least 450m, e.g. 8g (overrides the preset; without it a given"
          + " node's memory is shared out).")
  String executorMemory;

  @Option(names = "--memory-overhead-factor", paramLabel = "F",
      description = "Overhead share of the heap (default 0.10, 0.40 for Python: --pyspark or a .py file).")
  String memoryOverheadFactor;

  @Option(names = "--min-memory-overhead", paramLabel = "MEM", defaultValue = "384m",
      description = "Smallest overhead. Default: ${DEFAULT-VALUE}.")
  String minMemoryOverhead;

  @Option(names = "--pyspark", description = "Python application: overhead factor 0.40, as Spark on Kubernetes"
      + " gives non-JVM applications.")
  boolean pyspark;

  @Option(names = "--driver-cores", paramLabel = "N",
      description = "Driver cores (default: from the executor count, 1 to 4; docs/sizing.md).")
  Integer driverCores;

  @Option(names = "--driver-memory", paramLabel = "MEM",
      description = "Driver heap with a unit, e.g. 8g (default: from the executor count, 4g to 16g).")
  String driverMemory;

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
  String nodePrice;

  @Option(names = "--reserved-cores", paramLabel = "N", description = "CPU a custom node keeps back. Default: 0.")
  String reservedCores;

  @Option(names = "--reserved-memory", paramLabel = "MEM", description = "Memory a custom node keeps back. Default: 0.")
  String reservedMemory;

  @Option(names = "--daemonset-cpu", paramLabel = "CPU", description = "DaemonSet CPU per node. Default: 200m.")
  String daemonSetCpu;

  @Option(names = "--daemonset-memory", paramLabel = "MEM", description = "DaemonSet memory per node. Default: 512Mi.")
  String daemonSetMemory;

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

  @Option(names = "--budget-per-hour", paramLabel = "USD", description = "Cap: on-demand cost per hour.")
  String budgetPerHour;

  @Option(names = "--spot-discount", paramLabel = "F", description = "Spot discount off on-demand. Default: 0.65.")
  String spotDiscount;

  @Option(names = "--max-partition-bytes", paramLabel = "SIZE", description = "Input split size. Default: 128MiB.")
  String maxPartitionBytes;

  @Option(names = "--shuffle-ratio", paramLabel = "F", description = "Shuffle bytes per input byte. Default: 1.0.")
  String shuffleRatio;

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
    return toRequest(dataBytes, false);
  }

  /**
   * @param nonJvmApplication the application's main file is Python (or R): Spark on Kubernetes then
   *     defaults the overhead factor to 0.4 (NON_JVM_MEMORY_OVERHEAD_FACTOR), and so does the plan
   */
  public SizingRequest toRequest(long dataBytes, boolean nonJvmApplication) {
    Double givenFactor = number("--memory-overhead-factor", memoryOverheadFactor, f -> f <= 1, "use 0 to 1, e.g. 0.1");
    double factor = givenFactor != null
        ? givenFactor
        : pyspark || nonJvmApplication ? ExecutorMemory.PYSPARK_FACTOR : ExecutorMemory.JVM_FACTOR;
    Double discount = number("--spot-discount", spotDiscount, f -> f < 1,
        "use a fraction from 0 to below 1, e.g. 0.65");
    Double ratio = number("--shuffle-ratio", shuffleRatio, f -> f > 0,
        "use a positive number, e.g. 1.0 (shuffle bytes per input byte)");
    return new SizingRequest(
        dataBytes,
        preset,
        executorCores,
        executorMemory == null ? null : Sizes.parseMemoryMiBWithUnit("--executor-memory", executorMemory),
        new ExecutorMemory(factor, Sizes.parseMemoryMiBWithUnit("--min-memory-overhead", minMemoryOverhead)),
        node(),
        maxNodes,
        maxExecutors,
        initialExecutors,
        number("--budget-per-hour", budgetPerHour, f -> f > 0, "use an amount in USD above 0, e.g. 50"),
        discount == null ? SizingRequest.DEFAULT_SPOT_DISCOUNT : discount,
        maxPartitionBytes == null
            ? SizingRequest.DEFAULT_MAX_PARTITION_BYTES
            : Sizes.parseDataBytes("--max-partition-bytes", maxPartitionBytes),
        ratio == null ? SizingRequest.DEFAULT_SHUFFLE_RATIO : ratio,
        waves == null ? SizingRequest.DEFAULT_WAVES : waves,
        driverCores,
        driverMemory == null ? null : Sizes.parseMemoryMiBWithUnit("--driver-memory", driverMemory));
  }

  /** --pyspark: so `render sparkapplication` can refuse it for a JVM main file. */
  public boolean pyspark() {
    return pyspark;
  }

  /**
   * A decimal option as typed (null when absent), its errors quoting the user's text: "65", never "65.0".
   */
  private static Double number(String option, String text, DoublePredicate inRange, String accepted) {
    if (text == null) {
      return null;
    }
    String plain = text.strip();
    if (!plain.matches("\\d+(\\.\\d*)?|\\.\\d+")) {
      throw new InvalidInputException(option + ": '" + SafeText.quote(text) + "' is not a number; " + accepted);
    }
    double value = Double.parseDouble(plain);
    if (!Double.isFinite(value) || !inRange.test(value)) {
      throw new InvalidInputException(option + ": '" + SafeText.quote(text) + "' is out of range; " + accepted);
    }
    return value;
  }

  /** A size measured on S3 needs the SDK's client and its logging, which Quarkus sets up (see Main). */
  @Override
  public boolean standalone() {
    return dataSize == null || !S3Location.looksLike(dataSize);
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
    Double price = number("--node-price", nodePrice, p -> p > 0, "use a price in USD per hour above 0, e.g. 0.768");
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
      return NodeSpec.custom(nodeCores, Sizes.parseMemoryMiBWithUnit("--node-memory", nodeMemory), reserve, price);
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
      throw new InvalidInputException("--node-type: '" + type.name() + "' is a node type of --cloud "
          + type.cloud().id() + ", not " + cloud.id() + "; drop --cloud or pick a type of " + cloud.id());
    }
    refuse(maxPods != null && maxPods <= 0, "--max-pods", "use a whole number of 1 or more");
    Reserve daemonSets = new Reserve(
        daemonSetCpu == null ? NodeSpec.DEFAULT_DAEMONSET_RESERVE.cpuMillis() : Cpu.parseMillis("--daemonset-cpu", daemonSetCpu),
        daemonSetMemory == null ? NodeSpec.DEFAULT_DAEMONSET_RESERVE.memoryMiB() : memoryOrZero("--daemonset-memory", daemonSetMemory));
    NodeSpec spec = NodeSpec.of(type, maxPods, daemonSets);
    return price == null ? spec : new NodeSpec(spec.type(), spec.cloud(), spec.vcpus(), spec.memoryMiB(),
        spec.systemReserve(), spec.daemonSetReserve(), price, "--node-price");
  }

  private static long memoryOrZero(String option, String text) {
    return text.strip().matches("0+([kKmMgGtT]i?[bB]?)?") ? 0 : Sizes.parseMemoryMiBWithUnit(option, text);
  }

  private static void refuse(boolean condition, String option, String why) {
    if (condition) {
      throw new InvalidInputException(option + ": " + why);
    }
  }
}
