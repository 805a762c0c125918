package io.sparkscale.cli.render;

import io.sparkscale.cli.RightsizeOptions;
import io.sparkscale.cli.VerboseOption;
import io.sparkscale.render.SparkApplicationSpec;
import io.sparkscale.render.SparkSettings;
import io.sparkscale.units.InvalidInputException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `render sparkapplication`: a spark-operator SparkApplication sized by the core. */
@Command(
    name = "sparkapplication",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "A Kubeflow spark-operator SparkApplication (sparkoperator.k8s.io/v1beta2) sized by the same core",
      "as rightsize, with dynamic allocation on. Application arguments go after --."
    })
public class SparkApplicationCommand implements Runnable {

  @Spec CommandSpec spec;
  @Mixin VerboseOption verbose;
  @Mixin OutputOption output;

  @Option(names = "--name", required = true, description = "SparkApplication name.")
  String name;

  @Option(names = "--namespace", description = "Namespace (default: none, kubectl's current).")
  String namespace;

  @Option(names = "--image", required = true, description = "Spark image, e.g. apache/spark:4.1.0.")
  String image;

  @Option(
      names = "--main-application-file",
      required = true,
      paramLabel = "URI",
      description = "Jar or .py/.R file, e.g. local:///opt/spark/examples/jars/spark-examples.jar.")
  String mainApplicationFile;

  @Option(names = "--main-class", paramLabel = "C", description = "Main class (JVM applications).")
  String mainClass;

  @Option(names = "--spark-version", defaultValue = "4.1.0", description = "Default: ${DEFAULT-VALUE}.")
  String sparkVersion;

  @Option(
      names = "--service-account",
      defaultValue = "spark-operator-spark",
      description = "Driver ServiceAccount (default: ${DEFAULT-VALUE}, the operator chart's).")
  String serviceAccount;

  @Mixin SparkOptions preset;
  @Mixin RightsizeOptions sizing;

  @Parameters(paramLabel = "ARG", description = "Application arguments (after --).")
  List<String> arguments;

  @Override
  public void run() {
    boolean nonJvm = mainApplicationFile != null && SparkApplicationSpec.isNonJvm(mainApplicationFile);
    if (sizing.pyspark() && !nonJvm) {
      throw new InvalidInputException("--pyspark: the main application file is not a .py file; drop --pyspark"
          + " (a .py --main-application-file is detected by itself)");
    }
    SparkSettings settings = preset.settings(sizing, nonJvm);
    SparkApplicationSpec app =
        new SparkApplicationSpec(
            name, namespace, image, mainApplicationFile, mainClass, sparkVersion, serviceAccount,
            arguments, settings);
    output.emit(spec, List.of(app.render()));
    settings.plan().warnings().forEach(warning -> spec.commandLine().getErr().println("warning: " + warning));
  }
}
