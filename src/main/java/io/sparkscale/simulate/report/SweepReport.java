package io.sparkscale.simulate.report;

import io.sparkscale.simulate.ScaledJobModel;
import io.sparkscale.simulate.ScaledObjectModel;
import io.sparkscale.simulate.Scaling;
import io.sparkscale.simulate.sweep.SweepPoint;
import io.sparkscale.simulate.sweep.SweepResult;
import io.sparkscale.trigger.TriggerSpec.Metric;
import io.sparkscale.units.Durations;
import io.sparkscale.units.Sizes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A sweep for people (the front as a table, the recommended point, why, and its manifest) and for scripts
 * (JSON with every point). Setting fields carry KEDA's names (targetObjectCount, pollingInterval, ...), so a
 * point reads as the manifest it stands for.
 *
 * @param settings what was swept, one line each (scaler, arrivals, work, sweep), in order
 * @param recommendedScaler the recommended settings described in one line, or null when none is recommended
 * @param manifest the recommended ScaledObject or ScaledJob as `render` writes it, or null
 */
public record SweepReport(SweepResult result, Map<String, String> settings, boolean job, Double p95GoalSeconds,
    String recommendedScaler, String manifest) {

  private boolean priced() {
    return result.costUnit().equals("USD");
  }

  /** The JSON document. */
  public Map<String, Object> json() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("settings", new LinkedHashMap<>(settings));
    Map<String, Object> sweep = new LinkedHashMap<>();
    sweep.put("settingsRun", result.points().size());
    sweep.put("skipped", result.skipped());
    sweep.put("incomplete", incomplete());
    sweep.put("costUnit", result.costUnit());
    if (p95GoalSeconds != null) {
      sweep.put("p95GoalSeconds", Numbers.round(p95GoalSeconds, 3));
    }
    out.put("sweep", sweep);
    out.put("recommended", result.recommended() == null ? null : point(result.recommended()));
    out.put("reason", result.reason());
    out.put("manifest", manifest);
    out.put("front", points(result.front()));
    out.put("points", points(result.points()));
    return out;
  }

  private List<Map<String, Object>> points(List<SweepPoint> points) {
    List<Map<String, Object>> out = new ArrayList<>(points.size());
    points.forEach(p -> out.add(point(p)));
    return out;
  }

  private Map<String, Object> point(SweepPoint p) {
    Map<String, Object> out = new LinkedHashMap<>();
    Scaling s = p.scaling();
    out.put(s.metric() == Metric.BYTES ? "targetBytes" : "targetObjectCount", s.target());
    out.put("pollingInterval", s.pollingIntervalSeconds());
    if (s instanceof ScaledObjectModel so) {
      out.put("cooldownPeriod", so.cooldownPeriodSeconds());
    }
    out.put("maxReplicaCount", maxReplicas(s));
    out.put("cost", Numbers.round(p.cost(), priced() ? 4 : 3));
    out.put("complete", p.complete());
    out.put("summary", new SummaryReport(p.summary(), Map.of(), job).summaryJson());
    return out;
  }

  /** A column's figures with the same decimals, so they line up. */
  private static String fixed(double value, int places) {
    return String.format(Locale.ROOT, "%." + places + "f", value);
  }

  private long incomplete() {
    return result.points().stream().filter(p -> !p.complete()).count();
  }

  private static int maxReplicas(Scaling s) {
    return s instanceof ScaledObjectModel so ? so.maxReplicas() : ((ScaledJobModel) s).maxReplicas();
  }

  /** Settings, the front (the recommended point starred), the recommendation and its manifest. */
  public String table() {
    StringBuilder out = new StringBuilder();
    SummaryReport.appendSettings(out, settings);
    out.append('\n').append(result.points().size()).append(" settings run");
    long incomplete = incomplete();
    if (incomplete > 0) {
      out.append(", ").append(incomplete).append(" left objects behind (never on the front)");
    }
    if (result.skipped() > 0) {
      out.append(", ").append(result.skipped()).append(" skipped (KEDA would refuse them)");
    }
    out.append("; the Pareto front of cost against p95 time-to-drain, cheapest first (").append(result.front().size())
        .append(result.front().size() == 1 ? " setting):\n\n" : " settings):\n\n");
    out.append(frontTable());
    out.append('\n');
    String replica = job ? "Jobs" : "replicas";
    if (result.recommended() == null) {
      out.append("recommended  none: ").append(result.reason()).append('\n');
      return out.toString();
    }
    SweepPoint r = result.recommended();
    out.append("recommended  ").append(recommendedScaler).append('\n');
    out.append("             ").append(priced() ? Numbers.plain(r.cost(), 4) + " USD, " : "")
        .append(SummaryReport.hours(r.summary().nodeSeconds())).append(" node-hours, p95 time to drain ")
        .append(SummaryReport.seconds(r.p95Seconds())).append(", at most ").append(r.summary().maxReplicas())
        .append(' ').append(replica).append('\n');
    out.append("why          ").append(result.reason()).append("\n\n");
    out.append("# The ").append(job ? "ScaledJob" : "ScaledObject").append(" for it, as `sparkscale render ")
        .append(job ? "scaledjob" : "scaledobject").append("` writes it:\n");
    out.append(manifest);
    return out.toString();
  }

  private String frontTable() {
    List<String> header = new ArrayList<>(List.of("", "target", "polling"));
    if (!job) {
      header.add("cooldown");
    }
    header.add(job ? "max Jobs" : "max replicas");
    if (priced()) {
      header.add("cost USD");
    }
    header.addAll(List.of("node-hours", "p95 drain s", "p50 drain s", "max drain s", job ? "peak Jobs"
        : "peak replicas"));
    List<List<String>> rows = new ArrayList<>();
    rows.add(header);
    for (SweepPoint p : result.front()) {
      Scaling s = p.scaling();
      List<String> row = new ArrayList<>();
      row.add(p == result.recommended() ? "*" : "");
      row.add(s.metric() == Metric.BYTES ? Sizes.humanBytes(s.target()) : Long.toString(s.target()));
      row.add(Durations.format(Duration.ofSeconds(s.pollingIntervalSeconds())));
      if (s instanceof ScaledObjectModel so) {
        row.add(Durations.format(Duration.ofSeconds(so.cooldownPeriodSeconds())));
      }
      row.add(Integer.toString(maxReplicas(s)));
      if (priced()) {
        row.add(fixed(p.cost(), 4));
      }
      row.add(fixed(p.summary().nodeSeconds() / 3600, 3));
      row.add(fixed(p.p95Seconds(), 1));
      row.add(fixed(p.summary().drain().p50Seconds(), 1));
      row.add(fixed(p.summary().drain().maxSeconds(), 1));
      row.add(Integer.toString(p.summary().maxReplicas()));
      rows.add(row);
    }
    int[] widths = new int[header.size()];
    rows.forEach(row -> {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    });
    StringBuilder out = new StringBuilder();
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.size(); i++) {
        String cell = row.get(i);
        // The mark and the settings read left to right; the figures line up on their last digit.
        boolean figure = i > (job ? 3 : 4);
        line.append(i == 0 ? "" : "  ").append(figure ? " ".repeat(widths[i] - cell.length()) + cell
            : SummaryReport.pad(cell, widths[i]));
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }
}
