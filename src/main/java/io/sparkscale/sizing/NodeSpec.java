package io.sparkscale.sizing;

/**
 * The node executors are packed onto, resolved to numbers.
 *
 * @param type catalogue name, or "custom"
 * @param cloud null for a custom node
 * @param systemReserve kube-reserved + eviction for a catalogue type; the whole reserve for a custom node
 * @param daemonSetReserve requests of the DaemonSets on every node (logging, CNI, ...); zero for a custom node
 * @param onDemandPerHour null when unknown (custom node without --node-price)
 */
public record NodeSpec(
    String type,
    Cloud cloud,
    int vcpus,
    long memoryMiB,
    Reserve systemReserve,
    Reserve daemonSetReserve,
    Double onDemandPerHour,
    String priceSource) {

  public static final Reserve DEFAULT_DAEMONSET_RESERVE = new Reserve(200, 512);

  /** A catalogue type, with the provider's reserve for its pod limit (maxPods null = provider default). */
  public static NodeSpec of(NodeType type, Integer maxPods, Reserve daemonSets) {
    int pods = maxPods == null ? type.defaultMaxPods() : maxPods;
    return new NodeSpec(
        type.name(),
        type.cloud(),
        type.vcpus(),
        type.memoryMiB(),
        Allocatable.systemReserve(type.cloud(), type.vcpus(), type.memoryMiB(), pods),
        daemonSets,
        type.onDemandPerHour(),
        type.priceSource());
  }

  /** Any other node: the given reserve is all that is kept back. */
  public static NodeSpec custom(int vcpus, long memoryMiB, Reserve reserve, Double pricePerHour) {
    return new NodeSpec(
        "custom", null, vcpus, memoryMiB, reserve, Reserve.NONE, pricePerHour,
        pricePerHour == null ? null : "--node-price");
  }

  public long allocatableCpuMillis() {
    return vcpus * 1000L - systemReserve.cpuMillis();
  }

  public long allocatableMemoryMiB() {
    return memoryMiB - systemReserve.memoryMiB();
  }

  /** What executors can request: allocatable less the DaemonSets. */
  public Reserve forExecutors() {
    return new Reserve(
        allocatableCpuMillis() - daemonSetReserve.cpuMillis(),
        allocatableMemoryMiB() - daemonSetReserve.memoryMiB());
  }
}
