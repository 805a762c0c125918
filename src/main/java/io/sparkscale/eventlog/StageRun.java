package io.sparkscale.eventlog;

import java.util.Arrays;
import java.util.List;

/**
 * One stage as it ran (all its attempts together): when, after which stages, and how long each task took.
 *
 * @param stageId Spark's stage ID
 * @param name the stage name (call site)
 * @param parentIds the "Parent IDs" of its Stage Info: stages whose output it reads
 * @param submittedMillis submission time (epoch ms)
 * @param completedMillis completion time (epoch ms); the log's last timestamp if it never completed
 * @param attempts how many attempts were submitted
 * @param bytesRead Input Metrics Bytes Read over its tasks
 * @param taskMillis each finished task's Finish - Launch Time, in launch order (copied on the way in and out)
 */
public record StageRun(
    int stageId,
    String name,
    List<Integer> parentIds,
    long submittedMillis,
    long completedMillis,
    int attempts,
    long bytesRead,
    long[] taskMillis) {

  public StageRun {
    parentIds = List.copyOf(parentIds);
    taskMillis = taskMillis.clone();
  }

  @Override
  public long[] taskMillis() {
    return taskMillis.clone();
  }

  public int taskCount() {
    return taskMillis.length;
  }

  public long taskMillisSum() {
    return Arrays.stream(taskMillis).sum();
  }

  /** The same stage with other task durations (used to extrapolate to another data size). */
  public StageRun withTaskMillis(long[] millis) {
    return new StageRun(stageId, name, parentIds, submittedMillis, completedMillis, attempts, bytesRead, millis);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StageRun s && stageId == s.stageId && name.equals(s.name)
        && parentIds.equals(s.parentIds) && submittedMillis == s.submittedMillis
        && completedMillis == s.completedMillis && attempts == s.attempts && bytesRead == s.bytesRead
        && Arrays.equals(taskMillis, s.taskMillis);
  }

  @Override
  public int hashCode() {
    return 31 * Integer.hashCode(stageId) + Arrays.hashCode(taskMillis);
  }

  @Override
  public String toString() {
    return "StageRun[" + stageId + " " + name + ", parents " + parentIds + ", " + taskMillis.length + " tasks]";
  }
}
