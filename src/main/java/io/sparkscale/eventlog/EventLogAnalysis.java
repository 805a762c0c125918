package io.sparkscale.eventlog;

import java.util.List;

/**
 * What one application attempt's event log says about its needs.
 *
 * @param sparkVersion from SparkListenerLogStart
 * @param appId App ID of SparkListenerApplicationStart ("" if absent)
 * @param appName App Name
 * @param attemptId App Attempt ID ("" in client and local mode)
 * @param truncated whether the log stops before SparkListenerApplicationEnd or mid-line
 * @param truncationReason why, or null
 * @param notes how the log was found and read (attempt chosen, compaction)
 * @param startMillis ApplicationStart timestamp (epoch ms)
 * @param applicationSeconds ApplicationEnd - ApplicationStart; up to the last timestamp if truncated
 * @param taskCount TaskEnd events
 * @param failedTaskCount TaskEnd events whose reason is not Success
 * @param taskSeconds sum of Finish Time - Launch Time over every TaskEnd
 * @param executorCoreSeconds sum over executors of Total Cores x (removal or application end - added)
 * @param utilization taskSeconds x spark.task.cpus / executorCoreSeconds
 * @param settings the executor shape and allocation settings
 * @param executorsAdded SparkListenerExecutorAdded events
 * @param maxConcurrentExecutors the most executors alive at once
 * @param averageExecutors time-weighted mean of executors alive over the application
 * @param executorTimeline every change of the live executor count, in time order
 * @param memory peak executor memory
 * @param bytesRead Input Metrics Bytes Read over all tasks
 * @param bytesReadPerTaskSecond bytesRead / taskSeconds: throughput per busy core (per task slot)
 * @param jobCount SparkListenerJobStart events
 * @param stages the stages that ran, in submission order
 */
public record EventLogAnalysis(
    String sparkVersion,
    String appId,
    String appName,
    String attemptId,
    boolean truncated,
    String truncationReason,
    List<String> notes,
    long startMillis,
    double applicationSeconds,
    long taskCount,
    long failedTaskCount,
    double taskSeconds,
    double executorCoreSeconds,
    double utilization,
    ExecutorSettings settings,
    int executorsAdded,
    int maxConcurrentExecutors,
    double averageExecutors,
    List<ExecutorCount> executorTimeline,
    MemoryPeaks memory,
    long bytesRead,
    double bytesReadPerTaskSecond,
    int jobCount,
    List<StageRun> stages) {

  public EventLogAnalysis {
    notes = List.copyOf(notes);
    executorTimeline = List.copyOf(executorTimeline);
    stages = List.copyOf(stages);
  }

  /** At most {@code points} timeline entries for people: evenly picked, always keeping the peak. */
  public List<ExecutorCount> compactTimeline(int points) {
    if (executorTimeline.size() <= points) {
      return executorTimeline;
    }
    List<ExecutorCount> out = new java.util.ArrayList<>();
    int n = executorTimeline.size();
    for (int i = 0; i < points; i++) {
      int from = (int) ((long) i * n / points);
      int to = (int) ((long) (i + 1) * n / points);
      ExecutorCount best = executorTimeline.get(from);
      for (int j = from; j < to; j++) {
        if (executorTimeline.get(j).executors() > best.executors()) best = executorTimeline.get(j);
      }
      out.add(best);
    }
    return out;
  }
}
