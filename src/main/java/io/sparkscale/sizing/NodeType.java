package io.sparkscale.sizing;

/**
 * A catalogue entry: nominal size as the provider sells it, and the on-demand price.
 *
 * @param defaultMaxPods the provider's default pod limit for this type (it drives reserved memory)
 * @param priceSource where the price comes from, with its date
 */
public record NodeType(
    String name,
    Cloud cloud,
    int vcpus,
    long memoryMiB,
    int defaultMaxPods,
    double onDemandPerHour,
    String priceSource) {}
