package io.sparkscale.cli.simulate;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sparkscale.cli.RightsizeOptions;
import io.sparkscale.cli.VerboseOption;
import io.sparkscale.simulate.SimulationInput;
import io.sparkscale.simulate.Summary;
import io.sparkscale.simulate.TimelineSink;
import io.sparkscale.simulate.report.SummaryReport;
import io.sparkscale.simulate.report.TimelineCsv;
import io.sparkscale.simulate.report.TimelineEnvelope;
import io.sparkscale.simulate.report.TimelinePlot;
import io.sparkscale.simulate.setup.ScalerSettings;
import io.sparkscale.simulate.Simulator;
import io.sparkscale.trigger.TriggerSpec.Metric;
import io.sparkscale.units.InvalidInputException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/** `sparkscale simulate`: replay arrivals through KEDA, the HPA (or KEDA's job executor), the nodes and the work. */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Replay arrivals of objects through KEDA, the HPA (or KEDA's ScaledJob executor), the nodes and the work,",
      "and report time-to-drain, replicas, nodes and cost. Example: sparkscale simulate --pattern",
      "steady:rate=10/s --throughput 2/s --cloud aws --target-object-count 20 (docs/simulate.md)."
    })
public class SimulateCommand implements Callable<Integer> {

  /** Windows the plot and the JSON timeline keep (at most four times as many points; docs/simulate.md). */
  static final int TIMELINE_WINDOWS = 1000;

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
    if (sweep.given()) {
      sweep.run(setup, spec.commandLine().getOut(), spec.commandLine().getErr());
      return 0;
    }
    TimelineEnvelope envelope = output.keepsTimeline() ? new TimelineEnvelope(TIMELINE_WINDOWS) : null;
    Summary summary;
    try (TimelineCsv csv = output.timeline() == null ? null : new TimelineCsv(output.timeline());
        ArrivalOptions.Opened opened = setup.openArrivals()) {
      TimelineSink sink = sink(envelope, csv);
      summary = Simulator.run(new SimulationInput(setup.scaling().model(), setup.work().model(),
          work.scalerCacheTtl(), opened.source(), opened.duration()), sink);
      setup.settings().put("arrivals", opened.description());
      if (output.plot() != null) {
        TimelinePlot.write(envelope.points(), output.plot(), "arrivals: " + opened.description(),
            setup.scaling().describe(), "objects");
      }
      if (csv != null) {
        csv.commit();
      }
    }
    SummaryReport report = new SummaryReport(summary, setup.settings(), setup.scaling().isJob());
    PrintWriter out = spec.commandLine().getOut();
    if (output.json()) {
      out.println(json(report.json(envelope.points(), envelope.windowSeconds())));
    } else {
      out.print(report.table());
    }
    out.flush();
    return 0;
  }

  /**
   * Everything checked and resolved before any arrival is read: a bad flag or file fails at once, not after a
   * long listing or half a run.
   *
   * @param settings the lines describing the run, in order (arrivals is added once they are open)
   */
  record Setup(ScalerSettings scaling, WorkOptions.Resolved work, Map<String, String> settings,
      ArrivalOptions arrivalOptions, boolean bytesNeeded, String region, String endpoint) {

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
    ParseResult parsed = spec.commandLine().getParseResult();
    String region = parsed.matchedOptionValue("--region", null);
    String endpoint = parsed.matchedOptionValue("--s3-endpoint", null);
    List<String> typedSizing = SizingArgs.typed(spec, "sizing");
    ScalerSettings settings = scaler.settings(sweep.given(), region, endpoint, typedSizing,
        sparkSubmitArgs == null ? List.of() : sparkSubmitArgs);
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
    return new Setup(settings, resolved, lines, arrivals, bytesNeeded, region, endpoint);
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
