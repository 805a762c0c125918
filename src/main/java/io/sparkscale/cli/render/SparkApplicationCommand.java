package io.sparkscale.cli.render;

import io.sparkscale.cli.RightsizeOptions;
import io.sparkscale.cli.VerboseOption;
import io.sparkscale.render.ApacheSparkApplicationSpec;
import io.sparkscale.render.Document;
import io.sparkscale.render.SparkApplicationSpec;
import io.sparkscale.render.SparkSettings;
import io.sparkscale.units.InvalidInputException;
import java.util.List;
import java.util.Locale;
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
      "A SparkApplication sized by the same core as rightsize, with dynamic allocation on: Kubeflow's "
          + "spark-operator (sparkoperator.k8s.io/v1beta2, the default) or Apache Spark's own operator "
          + "(spark.apache.org/v1, --operator apache). Application arguments go after --."
    })
public class SparkApplicationCommand implements Runnable {

  @Spec CommandSpec spec;
  @Mixin VerboseOption verbose;
  @Mixin OutputOption output;

  @Option(names = "--name", required = true, description = "SparkApplication name.")
  String name;

  @Option(names = "--namespace", description = "Namespace (default: none, kubectl's current).")
  String namespace;

  @Option(names = "--image", required = true, description = "Spark image, e.g. apache/spark:4.2.0.")
  String image;

  @Option(
      names = "--main-application-file",
      required = true,
      paramLabel = "URI",
      description = "Jar or .py/.R file, e.g. local:///opt/spark/examples/jars/spark-examples.jar.")
  String mainApplicationFile;

  @Option(names = "--main-class", paramLabel = "C", description = "Main class (JVM applications).")
  String mainClass;

  @Option(
      names = "--operator",
      defaultValue = "kubeflow",
      paramLabel = "kubeflow|apache",
      description = "Which operator runs it (default: ${DEFAULT-VALUE}).")
  String operator;

  @Option(
      names = "--service-account",
      description = "Driver ServiceAccount (default: spark-operator-spark for kubeflow, spark for apache).")
  String serviceAccount;

  @Mixin SparkOptions preset;
  @Mixin RightsizeOptions sizing;

  @Parameters(paramLabel = "ARG", description = "Application arguments (after --).")
  List<String> arguments;

  static final String KUBEFLOW_SERVICE_ACCOUNT = "spark-operator-spark";

  @Override
  public void run() {
    boolean apache = switch (operator.strip().toLowerCase(Locale.ROOT)) {
      case "kubeflow" -> false;
      case "apache" -> true;
      default -> throw InvalidInputException.badValue("--operator", operator, "use kubeflow or apache");
    };
    boolean nonJvm = mainApplicationFile != null && SparkApplicationSpec.isNonJvm(mainApplicationFile);
    if (sizing.pyspark() && !nonJvm) {
      throw new InvalidInputException("--pyspark: the main application file is not a .py file; drop --pyspark"
          + " (a .py --main-application-file is detected by itself)");
    }
    SparkSettings settings = preset.settings(sizing, nonJvm);
    Document document = apache
        ? new ApacheSparkApplicationSpec(
            name, namespace, image, mainApplicationFile, mainClass, preset.sparkVersion(),
            serviceAccount == null ? ApacheSparkApplicationSpec.DEFAULT_SERVICE_ACCOUNT : serviceAccount,
            arguments, settings).render()
        : new SparkApplicationSpec(
            name, namespace, image, mainApplicationFile, mainClass, preset.sparkVersion().toString(),
            serviceAccount == null ? KUBEFLOW_SERVICE_ACCOUNT : serviceAccount, arguments, settings).render();
    output.emit(spec, List.of(document));
    settings.plan().warnings().forEach(warning -> spec.commandLine().getErr().println("warning: " + warning));
  }
}
