package io.sparkscale.eventlog;

/**
 * The replay at one executor count.
 *
 * @param executors executors held for the whole run
 * @param percentOfRecorded executors as a percentage of the recorded maximum
 * @param slots concurrent tasks: executors x executor cores / spark.task.cpus
 * @param wallSeconds replayed wall time, driver overhead included
 * @param executorCoreHours executors x cores x wall time: what the run costs if executors live throughout
 * @param relativeCost executorCoreHours / executorCoreHours at the recorded maximum
 */
public record ReplayRow(
    int executors,
    int percentOfRecorded,
    long slots,
    double wallSeconds,
    double executorCoreHours,
    double relativeCost) {}
