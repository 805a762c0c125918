package io.sparkscale.cli;

import io.sparkscale.render.PlanFormat;
import io.sparkscale.render.PlanWriter;
import io.sparkscale.sizing.Sizer;
import io.sparkscale.sizing.SizingPlan;
import io.sparkscale.units.InvalidInputException;
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
public class RightsizeCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin RightsizeOptions sizing;

  @Option(names = "--format", paramLabel = "FORMAT", converter = PlanFormatConverter.class,
      description = "table, json, yaml, spark-conf or helm-values. Default: table.")
  PlanFormat format;

  @Option(names = "--helm-values", description = "Same as --format helm-values.")
  boolean helmValues;

  @Mixin EventLogOptions eventLog;

  @Mixin VerboseOption verbose;

  @Override
  public Integer call() {
    PlanFormat chosen = chosenFormat();
    if (eventLog.given()) {
      EventLogSupport.rightsize(sizing, eventLog, chosen, spec.commandLine().getOut());
      return 0;
    }
    SizingPlan plan = new Sizer().plan(sizing.toRequest(sizing.dataBytes()));
    PlanWriter.write(plan, chosen, Map.of(), spec.commandLine().getOut());
    return 0;
  }

  private PlanFormat chosenFormat() {
    if (helmValues && format != null && format != PlanFormat.HELM_VALUES) {
      throw new InvalidInputException("--helm-values: conflicts with --format " + format.id()
          + "; use one of them");
    }
    return helmValues ? PlanFormat.HELM_VALUES : format == null ? PlanFormat.TABLE : format;
  }
}
