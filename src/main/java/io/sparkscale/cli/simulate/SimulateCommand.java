package io.sparkscale.cli.simulate;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sparkscale.cli.RightsizeOptions;
import io.sparkscale.cli.Standalone;
import io.sparkscale.cli.options.TypedOptions;
import io.sparkscale.cli.render.OutputOption;
import io.sparkscale.cli.VerboseOption;
import io.sparkscale.render.Yaml;
import io.sparkscale.simulate.ArrivalSource;
import io.sparkscale.simulate.SimulationInput;
import io.sparkscale.simulate.Summary;
import io.sparkscale.simulate.TimelineSink;
import io.sparkscale.simulate.report.SummaryReport;
import io.sparkscale.simulate.report.SweepReport;
import io.sparkscale.simulate.report.TimelineCsv;
import io.sparkscale.simulate.report.TimelineEnvelope;
import io.sparkscale.simulate.report.TimelinePlot;
import io.sparkscale.simulate.setup.ScalerSettings;
import io.sparkscale.simulate.Simulator;
import io.sparkscale.simulate.sweep.ArrivalTrace;
import io.sparkscale.simulate.sweep.Sweep;
import io.sparkscale.simulate.sweep.SweepResult;
import io.sparkscale.trigger.TriggerSpec.Metric;
import io.sparkscale.units.InvalidInputException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `sparkscale simulate`: replay arrivals through KEDA, the HPA (or KEDA's job executor), the nodes and the work. */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Replay arrivals of objects through KEDA, the HPA (or KEDA's ScaledJob executor), the nodes and the work,"
          + " and report time-to-drain, replicas, nodes and cost.",
      "Example: sparkscale simulate --pattern steady:rate=10/s --throughput 2/s --cloud aws"
          + " --target-object-count 20 (docs/simulate.md)."
    })
public class SimulateCommand implements Callable<Integer>, Standalone {

  /** Windows the plot and the JSON timeline keep (at most four times as many points; docs/simulate.md). */
  static final int TIMELINE_WINDOWS = 1000;

  /** rightsize flags that size a job for its data, not how its pods pack onto nodes. */
  private static final Set<String> NOT_PACKING = Set.of("--waves", "--driver-cores", "--driver-memory",
      "--max-nodes", "--max-executors", "--initial-executors", "--budget-per-hour", "--max-partition-bytes",
      "--shuffle-ratio");

  @Spec CommandSpec spec;

  @Mixin ArrivalOptions arrivals;
  @Mixin ScalerOptions scaler;
  @Mixin WorkOptions work;
  @Mixin RightsizeOptions sizing;
  @Mixin OutputOptions output;
  @Mixin SweepOptions sweep;
  @Mixin VerboseOption verbose;

  @Parameters(paramLabel = "SPARK_SUBMIT_ARG", description = "ScaledJob: spark-submit arguments (after --), for"
      + " the manifest --sweep prints.")
  List<String> sparkSubmitArgs;

  @Override
  public Integer call() {
    Setup setup = setup();
    PrintWriter out = spec.commandLine().getOut();
    if (setup.sweep() != null) {
      sweep(setup, out);
    } else {
      single(setup, out);
    }
    out.flush();
    return 0;
  }

  private void single(Setup setup, PrintWriter out) {
    Outcome run;
    try (ArrivalOptions.Opened opened = setup.openArrivals()) {
      setup.settings().put("arrivals", opened.description());
      run = simulate(setup.scaling(), setup, opened.source(), opened.duration(), opened.description(),
          output.keepsTimeline());
    }
    SummaryReport report = new SummaryReport(run.summary(), setup.settings(), setup.scaling().isJob());
    if (output.json()) {
      out.println(json(report.json(run.envelope().points(), run.envelope().windowSeconds())));
    } else {
      out.print(report.table());
    }
  }

  /**
   * Every setting of the sweep over one read of the arrivals; --timeline and --plot show the recommended
   * setting's run (replayed once more, the only run that keeps a timeline).
   */
  private void sweep(Setup setup, PrintWriter out) {
    ArrivalTrace trace;
    Duration duration;
    String arrivalsDescription;
    try (ArrivalOptions.Opened opened = setup.openArrivals()) {
      arrivalsDescription = opened.description();
      duration = opened.duration();
      trace = ArrivalTrace.read(opened.source());
    }
    setup.settings().put("arrivals", arrivalsDescription);
    SweepResult result = Sweep.run(setup.sweep().spec(), trace, setup.work().model(), work.scalerCacheTtl(),
        duration, sweep.p95GoalSeconds(), sweep.threads());
    ScalerSettings chosen = result.recommended() == null ? null
        : setup.scaling().with(result.recommended().scaling());
    if (chosen != null && (output.plot() != null || output.timeline() != null)) {
      simulate(chosen, setup, trace.source(), duration, arrivalsDescription, output.plot() != null);
    } else if (output.plot() != null || output.timeline() != null) {
      spec.commandLine().getErr().println("sparkscale simulate: --plot/--timeline: not written: no setting is"
          + " recommended (" + result.reason() + ")");
    }
    SweepReport report = new SweepReport(result, setup.settings(), setup.scaling().isJob(), sweep.p95GoalSeconds(),
        chosen == null ? null : chosen.describe(), chosen == null ? null : OutputOption.stdout(chosen.render()));
    if (output.json()) {
      out.println(json(report.json()));
    } else {
      out.print(report.table());
    }
  }

  /** A run's summary and, when kept, its downsampled timeline. */
  private record Outcome(Summary summary, TimelineEnvelope envelope) {}

  /** One run, writing --timeline and --plot as asked; the timeline kept in memory only when {@code keep}. */
  private Outcome simulate(ScalerSettings scaling, Setup setup, ArrivalSource arrivals, Duration duration,
      String arrivalsDescription, boolean keep) {
    TimelineEnvelope envelope = keep ? new TimelineEnvelope(TIMELINE_WINDOWS) : null;
    try (TimelineCsv csv = output.timeline() == null ? null : new TimelineCsv(output.timeline())) {
      Summary summary = Simulator.run(new SimulationInput(scaling.model(), setup.work().model(),
          work.scalerCacheTtl(), arrivals, duration), sink(envelope, csv));
      if (output.plot() != null) {
        TimelinePlot.write(envelope.points(), output.plot(), "arrivals: " + arrivalsDescription,
            scaling.describe(), "objects");
      }
      if (csv != null) {
        csv.commit();
      }
      return new Outcome(summary, envelope);
    }
  }

  /**
   * Everything checked and resolved before any arrival is read: a bad flag or file fails at once, not after a
   * long listing or half a run.
   *
   * @param sweep what --sweep varies, or null for one run
   * @param settings the lines describing the run, in order (arrivals is added once they are open)
   */
  record Setup(ScalerSettings scaling, WorkOptions.Resolved work, SweepOptions.Plan sweep,
      Map<String, String> settings, ArrivalOptions arrivalOptions, boolean bytesNeeded, String region,
      String endpoint) {

    ArrivalOptions.Opened openArrivals() {
      return arrivalOptions.open(bytesNeeded, region, endpoint);
    }
  }

  private Setup setup() {
    if (sizing.dataSize() != null) {
      throw new InvalidInputException("--data-size: not used by simulate; the arrivals say how much data comes");
    }
    output.check();
    work.check();
    sweep.check();
    String region = sizing.bucketLocation().region();
    String endpoint = sizing.bucketLocation().endpoint();
    List<String> typedSizing = TypedOptions.ofMixin(spec, "sizing");
    ScalerSettings settings = scaler.settings(sweep.given(), sizing.bucketLocation(), typedSizing,
        sparkSubmitArgs == null ? List.of() : sparkSubmitArgs);
    if (!settings.isJob()) {
      typedSizing.stream().filter(NOT_PACKING::contains).findFirst().ifPresent(flag -> {
        throw new InvalidInputException(flag + ": does not apply to a ScaledObject: simulate uses the sizing"
            + " flags only to pack replicas onto nodes (executor shape, node type, price); a ScaledJob passes"
            + " them on to its Jobs");
      });
    }
    if (!settings.isJob() && sparkSubmitArgs != null && !sparkSubmitArgs.isEmpty()) {
      throw new InvalidInputException("'" + sparkSubmitArgs.get(0) + "': spark-submit arguments apply to a"
          + " ScaledJob; a ScaledObject takes none");
    }
    RightsizeOptions packing = sizing;
    if (scaler.fromScaledJobFile() && typedSizing.isEmpty()) {
      packing = SizingArgs.parse(settings.source(), settings.jobSpec().rightsizeArgs());
    }
    WorkOptions.Resolved resolved = work.resolve(packing, settings.isJob());
    boolean bytesNeeded = settings.model().metric() == Metric.BYTES
        || resolved.model().throughput().unit() == Metric.BYTES;
    arrivals.check(bytesNeeded);
    Map<String, String> lines = new LinkedHashMap<>();
    lines.put("scaler", settings.describe());
    lines.put("arrivals", "");
    lines.put("work", resolved.description());
    SweepOptions.Plan plan = sweep.given() ? sweep.plan(settings) : null;
    if (plan != null) {
      lines.put("sweep", plan.description());
    }
    return new Setup(settings, resolved, plan, lines, arrivals, bytesNeeded, region, endpoint);
  }

  private static TimelineSink sink(TimelineEnvelope envelope, TimelineCsv csv) {
    if (envelope != null && csv != null) {
      return point -> {
        envelope.accept(point);
        csv.accept(point);
      };
    }
    return envelope != null ? envelope : csv != null ? csv : TimelineSink.NONE;
  }

  static String json(Map<String, Object> document) {
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
          .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN).writeValueAsString(document);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
