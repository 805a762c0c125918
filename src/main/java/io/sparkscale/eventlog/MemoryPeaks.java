package io.sparkscale.eventlog;

/**
 * The highest memory any executor reported (bytes), from "Task Executor Metrics" of TaskEnd events and
 * from ExecutorMetricsUpdate / StageExecutorMetrics events. The driver counts only in local mode, where
 * it is the executor. Null when no executor reported a non-zero value (metrics off, or Spark before 3.0).
 */
public record MemoryPeaks(Long jvmHeapBytes, Long processTreeJvmRssBytes) {}
