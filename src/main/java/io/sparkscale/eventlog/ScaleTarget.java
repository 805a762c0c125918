package io.sparkscale.eventlog;

/**
 * The task counts the emitted configuration gives a run at the target size, so an extrapolated replay runs
 * the stages the plan configures: input stages split into inputTasks (spark.sql.files.maxPartitionBytes),
 * shuffle stages into at most shufflePartitions (spark.sql.shuffle.partitions).
 */
public record ScaleTarget(long inputTasks, long shufflePartitions) {

  public ScaleTarget {
    if (inputTasks < 1 || shufflePartitions < 1) {
      throw new IllegalArgumentException("task counts must be at least 1: " + inputTasks + ", " + shufflePartitions);
    }
  }
}
