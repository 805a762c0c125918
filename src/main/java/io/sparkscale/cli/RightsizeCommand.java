package io.sparkscale.cli;

import io.sparkscale.cli.options.Requirements;
import io.sparkscale.render.PlanFormat;
import io.sparkscale.render.PlanWriter;
import io.sparkscale.render.Pods;
import io.sparkscale.sizing.Sizer;
import io.sparkscale.sizing.SizingPlan;
import io.sparkscale.units.InvalidInputException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `sparkscale rightsize`: executor shape and count for a data size, packed onto real nodes. */
@Command(
    name = "rightsize",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Size Spark executors for a data size: shape, count, dynamic allocation, nodes and cost.",
      "Example: sparkscale rightsize --data-size 1TB --cloud aws --node-type r5.4xlarge"
    })
public class RightsizeCommand implements Callable<Integer>, Requirements.Needed, Standalone {

  @Spec CommandSpec spec;

  @Mixin RightsizeOptions sizing;

  @Option(names = "--format", paramLabel = "FORMAT", converter = PlanFormatConverter.class,
      description = "table, json, yaml, spark-conf or sparkapplication-fragment (the sized part of a"
          + " SparkApplication spec). Default: table.")
  PlanFormat format;

  /** The old name of --format sparkapplication-fragment: refused with the new name, so no script breaks silently. */
  @Option(names = "--helm-values", hidden = true)
  boolean helmValues;

  @Mixin EventLogOptions eventLog;

  @Mixin VerboseOption verbose;

  /** A recorded run (--event-log) stands in for --data-size; otherwise the size is what is sized. */
  @Override
  public void require(Requirements requirements) {
    if (!eventLog.given()) {
      sizing.requireDataSize(requirements);
    }
    sizing.require(requirements);
  }

  @Override
  public Integer call() {
    PlanFormat chosen = chosenFormat();
    if (eventLog.given()) {
      EventLogSupport.rightsize(sizing, eventLog, chosen, spec.commandLine().getOut());
      return 0;
    }
    SizingPlan plan = new Sizer().plan(sizing.toRequest(sizing.dataBytes()));
    PlanWriter.write(plan, chosen, Map.of(), spec.commandLine().getOut());
    warnOnStderr(plan, chosen, spec.commandLine().getErr());
    return 0;
  }

  /**
   * The table and JSON/YAML carry the warnings; spark-conf and the fragment are applied as they are (an init
   * container writes them to a file), so their warnings go to stderr, one line each.
   */
  static void warnOnStderr(SizingPlan plan, PlanFormat format, PrintWriter err) {
    if (format == PlanFormat.SPARK_CONF || format == PlanFormat.SPARKAPPLICATION_FRAGMENT) {
      plan.warnings().forEach(warning -> err.println("warning: " + warning));
      String disk = format == PlanFormat.SPARK_CONF ? Pods.unrequestedDiskWarning(plan) : null;
      if (disk != null) {
        err.println("warning: " + disk);
      }
      err.flush();
    }
  }

  private PlanFormat chosenFormat() {
    if (helmValues) {
      throw new InvalidInputException("--helm-values: " + PlanFormatConverter.HELM_VALUES_RENAMED);
    }
    return format == null ? PlanFormat.TABLE : format;
  }
}
