package io.sparkscale.sizing;

/**
 * A catalogue entry: nominal size as the provider sells it, and the on-demand price.
 *
 * @param defaultMaxPods the provider's default pod limit for this type (it drives reserved memory)
 * @param measuredVmOverheadMiB how much less memory the kubelet reports as capacity than the type's nominal
 *     size, where measured (null: {@link Allocatable#ASSUMED_VM_OVERHEAD_SHARE} of it is assumed)
 * @param localNvmeGB instance-store NVMe in GB (10^9 bytes) as the provider sells it, 0 when none
 * @param priceSource where the price comes from, with its date
 */
public record NodeType(
    String name,
    Cloud cloud,
    Arch arch,
    int vcpus,
    long memoryMiB,
    int defaultMaxPods,
    Long measuredVmOverheadMiB,
    int localNvmeGB,
    double onDemandPerHour,
    String priceSource) {}
