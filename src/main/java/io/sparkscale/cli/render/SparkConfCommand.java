package io.sparkscale.cli.render;

import io.sparkscale.cli.RightsizeOptions;
import io.sparkscale.cli.VerboseOption;
import io.sparkscale.render.Pods;
import io.sparkscale.render.SparkConfFiles;
import io.sparkscale.render.SparkSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `render spark-conf`: spark-defaults.conf lines, plus pod templates for cost-optimized. */
@Command(
    name = "spark-conf",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "spark-defaults.conf for spark-submit, sized by the same core as rightsize. With --preset",
      "cost-optimized it also prints the driver and executor pod templates the configuration points at",
      "(tolerations and node affinity cannot be set by configuration); -o DIR writes them as files."
    })
public class SparkConfCommand implements Runnable {

  @Spec CommandSpec spec;
  @Mixin VerboseOption verbose;
  @Mixin OutputOption output;

  @Option(
      names = "--pod-template-dir",
      defaultValue = "/opt/spark/conf",
      paramLabel = "DIR",
      description = {
        "cost-optimized: where the pod templates are when spark-submit runs",
        "(default: ${DEFAULT-VALUE})."
      })
  String podTemplateDir;

  @Mixin SparkOptions preset;
  @Mixin RightsizeOptions sizing;

  @Override
  public void run() {
    SparkSettings settings = preset.settings(sizing);
    output.emit(spec, SparkConfFiles.render(settings, podTemplateDir));
    settings.plan().warnings().forEach(warning -> spec.commandLine().getErr().println("warning: " + warning));
    if (settings.placement() == null && Pods.unrequestedDiskWarning(settings.plan()) != null) {
      spec.commandLine().getErr().println("warning: " + Pods.unrequestedDiskWarning(settings.plan()));
    }
  }
}
