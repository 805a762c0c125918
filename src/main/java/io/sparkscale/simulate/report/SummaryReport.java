package io.sparkscale.simulate.report;

import io.sparkscale.simulate.Summary;
import io.sparkscale.simulate.TimelinePoint;
import io.sparkscale.units.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A run's summary for people (a table) and for scripts (JSON). Both show the same rounded numbers, so the table
 * can be checked against the JSON. The JSON is built from plain maps and lists, serialised without reflection.
 *
 * @param settings what was simulated, one line each (scaler, arrivals, work), in order
 * @param job the replicas were ScaledJob Jobs
 */
public record SummaryReport(Summary summary, Map<String, String> settings, boolean job) {

  /** The "summary" object of the JSON: the contract's field names (docs/simulate.md). */
  public Map<String, Object> summaryJson() {
    Summary s = summary;
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("arrivedObjects", s.arrivedObjects());
    out.put("processedObjects", s.processedObjects());
    out.put("maxBacklogObjects", s.maxBacklogObjects());
    out.put("maxReplicas", s.maxReplicas());
    out.put("maxNodes", s.maxNodes());
    out.put("replicaSeconds", Numbers.round(s.replicaSeconds(), 3));
    out.put("nodeSeconds", Numbers.round(s.nodeSeconds(), 3));
    if (s.costUsd() != null) {
      out.put("costUsd", Numbers.round(s.costUsd(), 4));
    }
    Map<String, Object> drain = new LinkedHashMap<>();
    drain.put("p50Seconds", Numbers.round(s.drain().p50Seconds(), 3));
    drain.put("p95Seconds", Numbers.round(s.drain().p95Seconds(), 3));
    drain.put("maxSeconds", Numbers.round(s.drain().maxSeconds(), 3));
    out.put("drain", drain);
    out.put("scaleEvents", s.scaleEvents());
    if (job) {
      out.put("jobsWithoutWork", s.jobsWithoutWork());
    }
    out.put("endSeconds", Numbers.round(s.endSeconds(), 3));
    return out;
  }

  /** The whole JSON document; the timeline as kept (see {@link TimelineEnvelope}). */
  public Map<String, Object> json(List<TimelinePoint> timeline, double windowSeconds) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("summary", summaryJson());
    out.put("settings", new LinkedHashMap<>(settings));
    out.put("timelineWindowSeconds", Numbers.round(windowSeconds, 3));
    List<Map<String, Object>> points = new ArrayList<>(timeline.size());
    for (TimelinePoint p : timeline) {
      Map<String, Object> point = new LinkedHashMap<>();
      point.put("t", Numbers.round(p.t(), 3));
      point.put("backlogObjects", p.backlogObjects());
      point.put("backlogBytes", p.backlogBytes());
      point.put("replicas", p.replicas());
      point.put("readyReplicas", p.readyReplicas());
      point.put("nodes", p.nodes());
      points.add(point);
    }
    out.put("timeline", points);
    return out;
  }

  /** Settings, then one row per number, each with its unit. */
  public String table() {
    Summary s = summary;
    StringBuilder out = new StringBuilder();
    appendSettings(out, settings);
    out.append('\n');
    List<String[]> rows = new ArrayList<>();
    String replica = job ? "Jobs" : "replicas";
    rows.add(row("objects arrived", grouped(s.arrivedObjects())));
    rows.add(row("objects processed", grouped(s.processedObjects())));
    rows.add(row("max backlog", grouped(s.maxBacklogObjects()) + " objects"));
    rows.add(row("max " + replica, Integer.toString(s.maxReplicas())));
    rows.add(row("max nodes", Integer.toString(s.maxNodes())));
    rows.add(row(job ? "Job-hours" : "replica-hours", hours(s.replicaSeconds())));
    rows.add(row("node-hours", hours(s.nodeSeconds())));
    rows.add(row("cost", s.costUsd() == null ? "unknown (no node price)"
        : Numbers.round(s.costUsd(), 4).toPlainString() + " USD"));
    rows.add(row("time to drain p50", seconds(s.drain().p50Seconds())));
    rows.add(row("time to drain p95", seconds(s.drain().p95Seconds())));
    rows.add(row("time to drain max", seconds(s.drain().maxSeconds())));
    rows.add(row(job ? "Jobs started" : "scale events", grouped(s.scaleEvents())));
    if (job) {
      rows.add(row("Jobs without work", grouped(s.jobsWithoutWork())));
    }
    rows.add(row("run ended at", Durations.format(Duration.ofMillis(Math.round(s.endSeconds() * 1000)))));
    int width = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0);
    rows.forEach(r -> out.append(pad(r[0], width)).append("  ").append(r[1]).append('\n'));
    return out.toString();
  }

  private static String[] row(String name, String value) {
    return new String[] {name, value};
  }

  /** One line per setting, the names padded to one width. */
  static void appendSettings(StringBuilder out, Map<String, String> settings) {
    int keyWidth = settings.keySet().stream().mapToInt(String::length).max().orElse(0);
    settings.forEach((key, value) -> out.append(pad(key, keyWidth)).append("  ").append(value).append('\n'));
  }

  static String pad(String text, int width) {
    return text + " ".repeat(Math.max(0, width - text.length()));
  }

  static String grouped(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }

  static String hours(double seconds) {
    return Numbers.round(seconds / 3600, 3).toPlainString();
  }

  static String seconds(double seconds) {
    return Numbers.round(seconds, 3).toPlainString() + " s";
  }
}
