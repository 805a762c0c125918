package io.sparkscale.cli.render;

import io.sparkscale.cli.RightsizeOptions;
import io.sparkscale.cli.VerboseOption;
import io.sparkscale.cli.options.EnumConverter;
import io.sparkscale.cli.options.Requirements;
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
public class SparkApplicationCommand implements Runnable, Requirements.Needed {

  /** The operators a SparkApplication can be written for. */
  public enum Operator {
    KUBEFLOW,
    APACHE;

    /** kubeflow or apache. */
    public static final class Name extends EnumConverter<Operator> {
      public Name() {
        super(values(), operator -> operator.name().toLowerCase(Locale.ROOT));
      }
    }
  }

  @Spec CommandSpec spec;
  @Mixin VerboseOption verbose;
  @Mixin OutputOption output;
  @Mixin ObjectMetadataOptions metadata;

  @Mixin SparkImageOption image;

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
      converter = Operator.Name.class,
      description = "Which operator runs it (default: ${DEFAULT-VALUE}).")
  Operator operator;

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
  public void require(Requirements requirements) {
    if (mainApplicationFile != null && !SparkApplicationSpec.isNonJvm(mainApplicationFile)) {
      requirements.option("--main-class", mainClass, "for a JVM application (a .py or .R file needs none)");
    }
    preset.require(requirements, sizing);
  }

  @Override
  public void run() {
    boolean nonJvm = SparkApplicationSpec.isNonJvm(mainApplicationFile);
    if (sizing.pyspark() && !nonJvm) {
      throw new InvalidInputException("--pyspark: the main application file is not a .py file; drop --pyspark"
          + " (a .py --main-application-file is detected by itself)");
    }
    SparkSettings settings = preset.settings(sizing, nonJvm);
    String name = metadata.name();
    String namespace = metadata.namespace();
    Document document = operator == Operator.APACHE
        ? new ApacheSparkApplicationSpec(
            name, namespace, image.image(), mainApplicationFile, mainClass, preset.sparkVersion(),
            serviceAccount == null ? ApacheSparkApplicationSpec.DEFAULT_SERVICE_ACCOUNT : serviceAccount,
            arguments, settings).render()
        : new SparkApplicationSpec(
            name, namespace, image.image(), mainApplicationFile, mainClass, preset.sparkVersion().toString(),
            serviceAccount == null ? KUBEFLOW_SERVICE_ACCOUNT : serviceAccount, arguments, settings).render();
    output.emit(List.of(document));
    settings.plan().warnings().forEach(warning -> spec.commandLine().getErr().println("warning: " + warning));
  }
}
