package io.sparkscale.cli;

import io.sparkscale.eventlog.EventLogAnalysis;
import io.sparkscale.eventlog.EventLogAnalyzer;
import io.sparkscale.eventlog.ReplayRow;
import io.sparkscale.eventlog.RightsizeReport;
import io.sparkscale.eventlog.Rightsizer;
import io.sparkscale.eventlog.ScaleTarget;
import io.sparkscale.render.PlanFormat;
import io.sparkscale.render.PlanWriter;
import io.sparkscale.sizing.ShufflePartitioning;
import io.sparkscale.sizing.Sizer;
import io.sparkscale.sizing.SizingPlan;
import io.sparkscale.sizing.SizingRequest;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * `rightsize --event-log`: analyses and replays the log, feeds its recommendation into the sizing request
 * (executor cores and heap unless given by flags; maxExecutors from the replay's knee, still under the
 * caps) and prints the plan with an "eventLog" section.
 */
final class EventLogSupport {

  private EventLogSupport() {}

  /** The one entry point RightsizeCommand calls when --event-log is given. */
  static void rightsize(RightsizeOptions sizing, EventLogOptions options, PlanFormat format, PrintWriter out) {
    EventLogAnalysis analysis = EventLogAnalyzer.analyze(options.path());
    Long targetBytes = sizing.dataSize() == null ? null : sizing.dataBytes();
    // The replay runs the stages as the emitted configuration splits them at the target size.
    ScaleTarget target = null;
    if (targetBytes != null) {
      ShufflePartitioning split = ShufflePartitioning.of(sizing.toRequest(targetBytes));
      target = new ScaleTarget(split.inputTasks(), split.shufflePartitions());
    }
    RightsizeReport report = Rightsizer.report(analysis, targetBytes, target);

    long dataBytes = dataBytes(analysis, report, targetBytes, sizing);
    SizingRequest request = withRecordedShape(sizing.toRequest(dataBytes), sizing, analysis, report);
    int knee = report.recommendedMaxExecutors();
    SizingPlan plan = new Sizer().plan(request, knee, "the event log's replay"
        + (targetBytes == null ? "" : " scaled to --data-size") + ": the " + Rightsizer.KNEE_RULE);
    plan = plan.withNote(dataNote(analysis, targetBytes, dataBytes));
    if (targetBytes == null && analysis.bytesRead() <= 0) {
      plan = plan.withAssumedInput("the event log records no input bytes read");
    }
    if (report.extrapolation() != null && report.extrapolation().warning() != null) {
      plan = plan.withWarning(report.extrapolation().warning());
    }

    Double usdPerCoreHour = usdPerCoreHour(plan);
    if (format == PlanFormat.TABLE) {
      PlanWriter.write(plan, format, Map.of(), out);
      out.print(EventLogTable.render(options.path().toString(), analysis, report, usdPerCoreHour));
      out.flush();
    } else {
      PlanWriter.write(plan, format, Map.of("eventLog", section(options, analysis, report, usdPerCoreHour)), out);
    }
  }

  /** --data-size if given; else what the run read; else (nothing recorded) what fills the knee's cores once. */
  static long dataBytes(EventLogAnalysis analysis, RightsizeReport report, Long targetBytes, RightsizeOptions sizing) {
    if (targetBytes != null) {
      return targetBytes;
    }
    if (analysis.bytesRead() > 0) {
      return analysis.bytesRead();
    }
    long partitionBytes = sizing.toRequest(1).partitionBytesOrDefault();
    return (long) report.recommendedMaxExecutors() * report.executorCores() * partitionBytes;
  }

  private static String dataNote(EventLogAnalysis analysis, Long targetBytes, long dataBytes) {
    if (targetBytes != null) {
      return "Event log: the recorded run (" + analysis.bytesRead() + " bytes read) is scaled to --data-size "
          + targetBytes + " bytes with its measured throughput (docs/eventlog.md).";
    }
    if (analysis.bytesRead() > 0) {
      return "Event log: input is the " + dataBytes + " bytes the recorded run read.";
    }
    return "Event log: the run records no input bytes; input is taken as " + dataBytes
        + " bytes, one partition per executor core at maxExecutors, only to size partitions.";
  }

  /** Executor cores and heap from the log unless --executor-cores / --executor-memory say otherwise. */
  static SizingRequest withRecordedShape(
      SizingRequest request, RightsizeOptions sizing, EventLogAnalysis analysis, RightsizeReport report) {
    Integer cores = sizing.executorCores != null ? sizing.executorCores : report.executorCores();
    Long heap = request.executorHeapMiB() != null ? request.executorHeapMiB() : report.recommendedExecutorMemoryMiB();
    return request.withExecutorShape(cores, heap);
  }

  /** The "eventLog" JSON section: analysis, replay table, knee rule, model error, truncation. */
  static Map<String, Object> section(
      EventLogOptions options, EventLogAnalysis a, RightsizeReport r, Double usdPerCoreHour) {
    Map<String, Object> analysis = new LinkedHashMap<>();
    analysis.put("path", options.path().toString());
    analysis.put("sparkVersion", a.sparkVersion());
    analysis.put("appId", a.appId());
    analysis.put("appName", a.appName());
    analysis.put("attemptId", a.attemptId());
    analysis.put("truncated", a.truncated());
    analysis.put("truncationReason", a.truncationReason());
    analysis.put("notes", a.notes());
    analysis.put("applicationSeconds", round(a.applicationSeconds()));
    analysis.put("jobs", a.jobCount());
    analysis.put("stages", a.stages().size());
    analysis.put("tasks", a.taskCount());
    analysis.put("failedTasks", a.failedTaskCount());
    analysis.put("taskSeconds", round(a.taskSeconds()));
    analysis.put("executorCoreSeconds", round(a.executorCoreSeconds()));
    analysis.put("utilization", round(a.utilization()));
    analysis.put("executorCores", a.settings().executorCores());
    analysis.put("executorMemoryMiB", a.settings().executorMemoryMiB());
    analysis.put("taskCpus", a.settings().taskCpus());
    analysis.put("dynamicAllocation", a.settings().dynamicAllocation());
    analysis.put("executorsAdded", a.executorsAdded());
    analysis.put("maxConcurrentExecutors", a.maxConcurrentExecutors());
    analysis.put("averageExecutors", round(a.averageExecutors()));
    // Plain maps and lists only, so the section serialises without reflection on the core's records.
    List<Map<String, Object>> timeline = new ArrayList<>();
    a.compactTimeline(24).forEach(c -> timeline.add(Map.of("offsetSeconds", round(c.offsetSeconds()),
        "executors", c.executors())));
    analysis.put("executorTimeline", timeline);
    analysis.put("peakJvmHeapBytes", a.memory().jvmHeapBytes());
    analysis.put("peakProcessTreeJvmRssBytes", a.memory().processTreeJvmRssBytes());
    analysis.put("bytesRead", a.bytesRead());
    analysis.put("bytesReadPerCoreSecond", round(a.bytesReadPerTaskSecond()));

    List<Map<String, Object>> table = new ArrayList<>();
    for (ReplayRow row : r.table()) {
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("executors", row.executors());
      line.put("percentOfRecorded", row.percentOfRecorded());
      line.put("slots", row.slots());
      line.put("wallSeconds", round(row.wallSeconds()));
      line.put("executorCoreHours", round(row.executorCoreHours()));
      line.put("relativeCost", round(row.relativeCost()));
      line.put("onDemandUsd", usdPerCoreHour == null ? null : round(row.executorCoreHours() * usdPerCoreHour));
      table.add(line);
    }
    Map<String, Object> replay = new LinkedHashMap<>();
    replay.put("recordedExecutors", round(r.recordedExecutors()));
    replay.put("recordedMaxExecutors", r.recordedMaxExecutors());
    replay.put("recordedWallSeconds", round(r.recordedWallSeconds()));
    replay.put("replayedWallSeconds", round(r.replayedWallSeconds()));
    replay.put("modelError", round(r.modelError()));
    replay.put("driverOverheadSeconds", round(r.driverOverheadSeconds()));
    replay.put("criticalPathSeconds", round(r.criticalPathSeconds()));
    replay.put("table", table);
    replay.put("priceSource", usdPerCoreHour == null ? null
        : "node on-demand price / vCPUs = " + round(usdPerCoreHour) + " USD per core-hour");
    Map<String, Object> extrapolation = null;
    if (r.extrapolation() != null) {
      extrapolation = new LinkedHashMap<>();
      extrapolation.put("recordedBytes", r.extrapolation().recordedBytes());
      extrapolation.put("targetBytes", r.extrapolation().targetBytes());
      extrapolation.put("factor", round(r.extrapolation().factor()));
      extrapolation.put("bytesReadPerCoreSecond", round(r.extrapolation().bytesReadPerTaskSecond()));
      extrapolation.put("estimatedTaskSeconds", round(r.extrapolation().estimatedTaskSeconds()));
      extrapolation.put("scaledTasks", r.extrapolation().scaledTasks());
      extrapolation.put("method", r.extrapolation().method());
      extrapolation.put("warning", r.extrapolation().warning());
    }
    replay.put("extrapolation", extrapolation);

    Map<String, Object> recommendation = new LinkedHashMap<>();
    recommendation.put("maxExecutors", r.recommendedMaxExecutors());
    recommendation.put("kneeRule", r.kneeRule());
    recommendation.put("executorCores", r.executorCores());
    recommendation.put("executorMemoryMiB", r.recommendedExecutorMemoryMiB());
    recommendation.put("memoryBasis", r.memoryBasis());

    Map<String, Object> section = new LinkedHashMap<>();
    section.put("analysis", analysis);
    section.put("replay", replay);
    section.put("recommendation", recommendation);
    section.put("truncated", a.truncated());
    section.put("modelError", round(r.modelError()));
    return section;
  }

  /** A node's on-demand price shared out over its vCPUs; null without a priced node. */
  static Double usdPerCoreHour(SizingPlan plan) {
    if (plan.cost() == null || plan.node() == null || plan.cluster().nodes() == null
        || plan.cluster().nodes() == 0 || plan.node().vcpus() == 0) {
      return null;
    }
    return plan.cost().onDemandPerHour() / plan.cluster().nodes() / plan.node().vcpus();
  }

  static double round(double value) {
    return Double.parseDouble(String.format(Locale.ROOT, "%.4f", value));
  }
}
