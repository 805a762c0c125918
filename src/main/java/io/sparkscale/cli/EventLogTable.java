package io.sparkscale.cli;

import io.sparkscale.eventlog.EventLogAnalysis;
import io.sparkscale.eventlog.ReplayRow;
import io.sparkscale.eventlog.RightsizeReport;
import io.sparkscale.units.Nouns;
import io.sparkscale.units.Sizes;
import java.util.Locale;
import java.util.stream.Collectors;

/** The eventLog section for people: the same figures as the JSON, after the plan's own table. */
final class EventLogTable {

  private EventLogTable() {}

  static String render(String path, EventLogAnalysis a, RightsizeReport r, Double usdPerCoreHour) {
    StringBuilder out = new StringBuilder("\nEvent log\n");
    row(out, "Log", path + " (Spark " + a.sparkVersion() + ", " + a.appId()
        + (a.attemptId().isEmpty() ? "" : " attempt " + a.attemptId()) + ")");
    if (a.truncated()) {
      row(out, "TRUNCATED", "partial result: " + a.truncationReason());
    }
    a.notes().forEach(note -> row(out, "Note", note));
    row(out, "Run", f("%.1f s; %s, %s, %s (%d failed)", a.applicationSeconds(), Nouns.count(a.jobCount(), "job"),
        Nouns.count(a.stages().size(), "stage"), Nouns.count(a.taskCount(), "task"), a.failedTaskCount()));
    row(out, "Busy", f("%.1f task-s of %.1f executor-core-s: utilization %.0f%%", a.taskSeconds(),
        a.executorCoreSeconds(), a.utilization() * 100));
    row(out, "Executors", f("%s, %s heap, task.cpus %d; %d added, max %d at once, %.2f on average",
        Nouns.count(a.settings().executorCores(), "core"), a.settings().executorMemoryMiB() == null ? "unknown"
            : a.settings().executorMemoryMiB() + " MiB", a.settings().taskCpus(), a.executorsAdded(),
        a.maxConcurrentExecutors(), a.averageExecutors()));
    row(out, "Timeline", a.compactTimeline(12).stream()
        .map(c -> f("%.1fs:%d", c.offsetSeconds(), c.executors())).collect(Collectors.joining(" ")));
    row(out, "Peak memory", "JVM heap " + bytes(a.memory().jvmHeapBytes()) + ", RSS "
        + bytes(a.memory().processTreeJvmRssBytes()));
    row(out, "Input", a.bytesRead() <= 0
        ? "not recorded: no Input Metrics in the log (a run that read no files, or an input Spark does not count)"
        : f("%s read, %s per core-second", Sizes.humanBytes(a.bytesRead()),
            Sizes.humanBytes((long) a.bytesReadPerTaskSecond())));
    row(out, "Model", f("replay at %.2f executors (mean while stages ran): %.1f s vs %.1f s recorded,"
        + " modelError %+.1f%%; driver time %.1f s; critical path %.1f s", r.recordedExecutors(),
        r.replayedWallSeconds(), r.recordedWallSeconds(), r.modelError() * 100, r.driverOverheadSeconds(),
        r.criticalPathSeconds()));
    if (r.extrapolation() != null) {
      row(out, "Scaled", f("to %s (x%.2f): %s, %.0f task-s estimated; %s",
          Sizes.humanBytes(r.extrapolation().targetBytes()), r.extrapolation().factor(),
          Nouns.count(r.extrapolation().scaledTasks(), "task"), r.extrapolation().estimatedTaskSeconds(),
          r.extrapolation().method()));
    }
    out.append(f("  %9s %6s %7s %11s %11s %9s%s%n", "executors", "% rec.", "slots", "wall s", "core-h",
        "rel.cost", usdPerCoreHour == null ? "" : "       USD"));
    for (ReplayRow row : r.table()) {
      out.append(f("  %9d %6d %7d %11.1f %11.3f %9.2f%s%n", row.executors(), row.percentOfRecorded(),
          row.slots(), row.wallSeconds(), row.executorCoreHours(), row.relativeCost(),
          usdPerCoreHour == null ? "" : f(" %9.4f", row.executorCoreHours() * usdPerCoreHour)));
    }
    row(out, "Recommended", "maxExecutors " + r.recommendedMaxExecutors() + " (" + r.kneeRule() + "); "
        + Nouns.count(r.executorCores(), "core") + "; memory " + (r.recommendedExecutorMemoryMiB() == null ? "unknown"
            : r.recommendedExecutorMemoryMiB() + " MiB") + " (" + r.memoryBasis() + ")");
    return out.toString();
  }

  private static String bytes(Long value) {
    return value == null ? "not recorded" : Sizes.humanBytes(value);
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }

  private static void row(StringBuilder out, String label, String value) {
    out.append(f("%-15s %s%n", label, value));
  }
}
