package io.sparkscale.eventlog;

import java.util.List;

/**
 * The replay's verdict on one event log.
 *
 * @param recordedExecutors time-weighted mean of live executors while stages ran: the capacity the run had
 *     when it had work, and the count modelError is measured at
 * @param recordedMaxExecutors the most executors alive at once: 100 % in the table
 * @param executorCores cores per executor (recorded)
 * @param taskCpus spark.task.cpus
 * @param recordedWallSeconds the application's recorded duration
 * @param replayedWallSeconds the replay at recordedExecutors
 * @param modelError replayedWallSeconds / recordedWallSeconds - 1
 * @param driverOverheadSeconds recorded time when no stage ran, kept fixed in every replay
 * @param criticalPathSeconds the replay with unlimited slots: no executor count gets below this
 * @param table wall time and cost from 10 % to 500 % of the recorded maximum (of the extrapolated run
 *     when extrapolation is set)
 * @param kneeRule how recommendedMaxExecutors was picked
 * @param recommendedMaxExecutors the knee: smallest count within 10 % of the best wall time
 * @param recommendedExecutorMemoryMiB executor memory from the observed heap peak, or null when unknown
 * @param memoryBasis where recommendedExecutorMemoryMiB comes from
 * @param extrapolation the scaling to --data-size, or null when the recorded run is replayed as is
 */
public record RightsizeReport(
    double recordedExecutors,
    int recordedMaxExecutors,
    int executorCores,
    int taskCpus,
    double recordedWallSeconds,
    double replayedWallSeconds,
    double modelError,
    double driverOverheadSeconds,
    double criticalPathSeconds,
    List<ReplayRow> table,
    String kneeRule,
    int recommendedMaxExecutors,
    Long recommendedExecutorMemoryMiB,
    String memoryBasis,
    Extrapolation extrapolation) {

  public RightsizeReport {
    table = List.copyOf(table);
  }
}
