package io.sparkscale.eventlog;

/**
 * The executor shape the run used, from SparkListenerEnvironmentUpdate's Spark Properties, falling back to
 * the default resource profile and then to what executors reported when they registered.
 *
 * @param executorCores cores per executor (spark.executor.cores, else the executors' Total Cores)
 * @param executorMemoryMiB spark.executor.memory in MiB, or null when neither property nor profile says
 * @param taskCpus spark.task.cpus (1 unless set)
 * @param dynamicAllocation spark.dynamicAllocation.enabled
 * @param maxExecutors spark.dynamicAllocation.maxExecutors, or null when unset
 * @param master spark.master, or "" when unknown
 */
public record ExecutorSettings(
    int executorCores,
    Long executorMemoryMiB,
    int taskCpus,
    boolean dynamicAllocation,
    Integer maxExecutors,
    String master) {}
