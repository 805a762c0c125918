package io.sparkscale.cli.render;

import io.sparkscale.cli.RightsizeOptions;
import io.sparkscale.cli.VerboseOption;
import io.sparkscale.cli.options.Converters;
import io.sparkscale.cli.options.Requirements;
import io.sparkscale.render.Document;
import io.sparkscale.render.Pods;
import io.sparkscale.render.SparkConfFiles;
import io.sparkscale.render.SparkSettings;
import io.sparkscale.units.InvalidInputException;
import java.util.List;
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
      "spark-defaults.conf for spark-submit, sized by the same core as rightsize. With --preset"
          + " cost-optimized it also writes the driver and executor pod templates the configuration points at"
          + " (tolerations and node affinity cannot be set by configuration): as files with -o DIR, or in one"
          + " ConfigMap with --configmap NAME."
    })
public class SparkConfCommand implements Runnable, Requirements.Needed {

  @Spec CommandSpec spec;
  @Mixin VerboseOption verbose;
  @Mixin OutputOption output;

  @Option(
      names = "--pod-template-dir",
      defaultValue = "/opt/spark/conf",
      paramLabel = "DIR",
      description = {
        "cost-optimized: where the pod templates are when spark-submit runs "
            + "(default: ${DEFAULT-VALUE})."
      })
  String podTemplateDir;

  @Option(
      names = "--configmap",
      paramLabel = "NAME",
      converter = Converters.KubernetesName.class,
      description = "Write one ConfigMap NAME holding every file instead (no namespace: kubectl's current), to mount"
          + " where spark-submit reads its configuration ($SPARK_CONF_DIR, /opt/spark/conf in Apache Spark's"
          + " images).")
  String configMap;

  @Mixin SparkOptions preset;
  @Mixin RightsizeOptions sizing;

  @Override
  public void require(Requirements requirements) {
    preset.require(requirements, sizing);
  }

  @Override
  public void run() {
    SparkSettings settings = preset.settings(sizing);
    List<Document> files = SparkConfFiles.render(settings, podTemplateDir);
    if (configMap != null) {
      output.emit(List.of(SparkConfFiles.configMap(configMap, null, files)));
    } else if (files.size() > 1 && !output.toDirectory()) {
      throw new InvalidInputException("--preset cost-optimized: writes " + files.size() + " files ("
          + String.join(", ", files.stream().map(Document::fileName).toList()) + "), which one stream cannot"
          + " carry; add -o DIR for the files, or --configmap NAME for one ConfigMap");
    } else {
      output.emit(files);
    }
    settings.plan().warnings().forEach(warning -> spec.commandLine().getErr().println("warning: " + warning));
    if (settings.placement() == null && Pods.unrequestedDiskWarning(settings.plan()) != null) {
      spec.commandLine().getErr().println("warning: " + Pods.unrequestedDiskWarning(settings.plan()));
    }
  }
}
