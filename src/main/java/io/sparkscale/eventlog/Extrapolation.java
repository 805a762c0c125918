package io.sparkscale.eventlog;

/**
 * How the recorded run was scaled to another input size.
 *
 * @param recordedBytes Input Metrics Bytes Read of the recorded run
 * @param targetBytes the size asked for (--data-size)
 * @param factor targetBytes / recordedBytes
 * @param bytesReadPerTaskSecond the measured throughput per task slot the scaling rests on
 * @param estimatedTaskSeconds targetBytes / bytesReadPerTaskSecond for the reading stages, plus the other
 *     stages' task time scaled by factor
 * @param scaledTasks tasks in the extrapolated run, over all stages
 * @param method the rule, in words
 * @param warning why the extrapolation is not to be relied on (far outside the recorded size), or null
 */
public record Extrapolation(
    long recordedBytes,
    long targetBytes,
    double factor,
    double bytesReadPerTaskSecond,
    double estimatedTaskSeconds,
    long scaledTasks,
    String method,
    String warning) {}
