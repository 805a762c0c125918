package io.sparkscale.render;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkscale.sizing.SizingPlan;
import io.sparkscale.units.Cpu;
import io.sparkscale.units.InvalidInputException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A Kubeflow spark-operator SparkApplication (sparkoperator.k8s.io/v1beta2) sized by the core.
 *
 * @param mainClass required for JVM applications; null for Python and R
 * @param arguments passed to the application's main
 */
public record SparkApplicationSpec(
    String name,
    String namespace,
    String image,
    String mainApplicationFile,
    String mainClass,
    String sparkVersion,
    String serviceAccount,
    List<String> arguments,
    SparkSettings settings) {

  /** Keys the SparkApplication carries in its own fields; repeating them in sparkConf would only conflict. */
  static final Set<String> SPEC_FIELD_KEYS =
      Set.of(
          "spark.executor.cores", "spark.executor.memory", "spark.executor.memoryOverhead",
          "spark.kubernetes.executor.request.cores", "spark.driver.cores", "spark.driver.memory",
          "spark.driver.memoryOverhead", "spark.dynamicAllocation.enabled",
          "spark.dynamicAllocation.shuffleTracking.enabled",
          "spark.dynamicAllocation.minExecutors", "spark.dynamicAllocation.initialExecutors",
          "spark.dynamicAllocation.maxExecutors");

  public SparkApplicationSpec {
    Names.dnsLabel("--name", name);
    Names.optionalDnsLabel("--namespace", namespace);
    Names.token("--image", image, "use a Spark image reference such as apache/spark:4.1.0");
    Names.token(
        "--main-application-file", mainApplicationFile,
        "use a URI such as local:///opt/spark/examples/jars/app.jar or s3a://bucket/app.py");
    if (!sparkVersion.matches("\\d+\\.\\d+\\.\\d+")) {
      throw InvalidInputException.badValue("--spark-version", sparkVersion, "use a version such as 4.1.0");
    }
    Names.dnsLabel("--service-account", serviceAccount);
    arguments = List.copyOf(arguments == null ? List.of() : arguments);
    Objects.requireNonNull(settings, "settings");
    if (typeOf(mainApplicationFile).equals("Scala") && mainClass == null) {
      throw new InvalidInputException(
          "--main-class: required for a JVM application; give the class with main(), e.g."
              + " org.apache.spark.examples.SparkPi (Python and R files need none)");
    }
  }

  /** From the file's extension: .py is Python, .R is R, anything else a JVM jar. */
  String type() {
    return typeOf(mainApplicationFile);
  }

  /** Python and R run outside the JVM; Spark on Kubernetes gives them a 0.4 overhead factor. */
  public static boolean isNonJvm(String mainApplicationFile) {
    return !typeOf(mainApplicationFile).equals("Scala");
  }

  private static String typeOf(String mainApplicationFile) {
    String file = mainApplicationFile.toLowerCase(Locale.ROOT);
    return file.endsWith(".py") ? "Python" : file.endsWith(".r") ? "R" : "Scala";
  }

  public Document render() {
    SizingPlan plan = settings.plan();
    ObjectNode app = Yaml.resource("sparkoperator.k8s.io/v1beta2", "SparkApplication", name, namespace);
    ObjectNode spec = app.putObject("spec");
    spec.put("type", type());
    spec.put("mode", "cluster");
    spec.put("image", image);
    spec.put("imagePullPolicy", "IfNotPresent");
    if (mainClass != null) {
      spec.put("mainClass", mainClass);
    }
    spec.put("mainApplicationFile", mainApplicationFile);
    if (!arguments.isEmpty()) {
      spec.set("arguments", Yaml.strings(arguments));
    }
    spec.put("sparkVersion", sparkVersion);
    spec.putObject("restartPolicy").put("type", "Never");
    SortedMap<String, String> conf = new TreeMap<>(settings.sparkConf());
    conf.keySet().removeAll(SPEC_FIELD_KEYS);
    ObjectNode sparkConf = spec.putObject("sparkConf");
    conf.forEach(sparkConf::put);

    ObjectNode dynamic = spec.putObject("dynamicAllocation");
    dynamic.put("enabled", plan.dynamicAllocation().enabled());
    dynamic.put("shuffleTrackingEnabled", true);
    dynamic.put("initialExecutors", plan.dynamicAllocation().initialExecutors());
    dynamic.put("minExecutors", Integer.parseInt(settings.sparkConf().get("spark.dynamicAllocation.minExecutors")));
    dynamic.put("maxExecutors", plan.dynamicAllocation().maxExecutors());

    ObjectNode driver = spec.putObject("driver");
    driver.put("cores", plan.driver().cores());
    driver.put("memory", plan.driver().memoryMiB() + "m");
    driver.put("memoryOverhead", plan.driver().memoryOverheadMiB() + "m");
    driver.put("serviceAccount", serviceAccount);
    driver.putObject("labels").put("sparkscale.io/role", "driver");
    driver.set("annotations", Pods.driverAnnotations());

    ObjectNode executor = spec.putObject("executor");
    executor.put("cores", plan.executor().cores());
    if (plan.executor().cpuRequestMillis() != plan.executor().cores() * 1000L) {
      executor.put("coreRequest", Cpu.format(plan.executor().cpuRequestMillis()));
    }
    executor.put("memory", plan.executor().memoryMiB() + "m");
    executor.put("memoryOverhead", plan.executor().memoryOverheadMiB() + "m");
    executor.putObject("labels").put("sparkscale.io/role", "executor");
    ObjectNode container = Pods.executorContainer(plan);
    if (container != null) {
      // The operator writes this to spark.kubernetes.executor.podTemplateFile (Spark 3.0+).
      executor.putObject("template").putObject("spec").putArray("containers").add(container);
    }

    SpotPlacement placement = settings.placement();
    if (placement != null) {
      driver.set("affinity", placement.driverAffinity());
      if (!placement.driverTolerations().isEmpty()) {
        driver.set("tolerations", placement.driverTolerations());
      }
      executor.set("affinity", placement.executorAffinity());
      executor.set("tolerations", placement.executorTolerations());
      // The operator's webhook sets this on the pod after Spark built it, so it wins over Spark's own setting.
      executor.put("terminationGracePeriodSeconds", settings.executorGracePeriodSeconds());
    }
    return Yaml.document(app);
  }
}
