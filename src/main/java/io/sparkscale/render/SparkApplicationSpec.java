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

  /**
   * spec.dynamicAllocation.shuffleTrackingTimeout (int64 milliseconds in the v2.5.2 CRD): the operator turns
   * it into {@code --conf spark.dynamicAllocation.shuffleTracking.timeout=<ms>} after the sparkConf entries
   * (kubeflow/spark-operator v2.5.2, internal/controller/sparkapplication/submission.go,
   * dynamicAllocationOption), so the field, not sparkConf, is what the driver gets.
   */
  static final String SHUFFLE_TRACKING_TIMEOUT = "spark.dynamicAllocation.shuffleTracking.timeout";

  /** Keys the SparkApplication carries in its own fields; repeating them in sparkConf would only conflict. */
  static final Set<String> SPEC_FIELD_KEYS =
      Set.of(
          "spark.executor.cores", "spark.executor.memory", "spark.executor.memoryOverhead",
          "spark.kubernetes.executor.request.cores", "spark.driver.cores", "spark.driver.memory",
          "spark.driver.memoryOverhead", "spark.dynamicAllocation.enabled",
          "spark.dynamicAllocation.shuffleTracking.enabled",
          "spark.dynamicAllocation.minExecutors", "spark.dynamicAllocation.initialExecutors",
          "spark.dynamicAllocation.maxExecutors", SHUFFLE_TRACKING_TIMEOUT);

  public SparkApplicationSpec {
    Names.dnsLabel("--name", name);
    Names.optionalDnsLabel("--namespace", namespace);
    Names.token("--image", image, "use a Spark image reference such as apache/spark:4.2.0");
    Names.token(
        "--main-application-file", mainApplicationFile,
        "use a URI such as local:///opt/spark/examples/jars/app.jar or s3a://bucket/app.py");
    if (!sparkVersion.matches("\\d+\\.\\d+\\.\\d+")) {
      throw InvalidInputException.badValue("--spark-version", sparkVersion, "use a version such as 4.2.0");
    }
    Names.dnsLabel("--service-account", serviceAccount);
    arguments = List.copyOf(arguments == null ? List.of() : arguments);
    Objects.requireNonNull(settings, "settings");
    checkMainClass(mainApplicationFile, mainClass);
  }

  /** A JVM jar needs its main class; a Python or R file is its own entry point and takes none. */
  static void checkMainClass(String mainApplicationFile, String mainClass) {
    if (!isNonJvm(mainApplicationFile) && mainClass == null) {
      throw new InvalidInputException(
          "--main-class: required for a JVM application; give the class with main(), e.g."
              + " org.apache.spark.examples.SparkPi (Python and R files need none)");
    }
    if (isNonJvm(mainApplicationFile) && mainClass != null) {
      throw new InvalidInputException("--main-class: a " + typeOf(mainApplicationFile) + " main file runs no"
          + " JVM class; drop --main-class (the file itself is the entry point)");
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
    spec.setAll(sizedSpec(settings));

    ObjectNode driver = (ObjectNode) spec.get("driver");
    driver.put("serviceAccount", serviceAccount);
    driver.putObject("labels").put("sparkscale.io/role", "driver");
    driver.set("annotations", Pods.driverAnnotations());
    ObjectNode executor = (ObjectNode) spec.get("executor");
    executor.putObject("labels").put("sparkscale.io/role", "executor");

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

  /**
   * The sized part of a spec: sparkConf without the keys the spec's fields carry, then driver, executor and
   * dynamicAllocation. Also what `rightsize --format sparkapplication-fragment` prints.
   */
  static ObjectNode sizedSpec(SparkSettings settings) {
    SizingPlan plan = settings.plan();
    ObjectNode spec = Yaml.object();
    SortedMap<String, String> conf = new TreeMap<>(settings.sparkConf());
    conf.keySet().removeAll(SPEC_FIELD_KEYS);
    ObjectNode sparkConf = spec.putObject("sparkConf");
    conf.forEach(sparkConf::put);

    ObjectNode driver = spec.putObject("driver");
    driver.put("cores", plan.driver().cores());
    driver.put("memory", plan.driver().memoryMiB() + "m");
    driver.put("memoryOverhead", plan.driver().memoryOverheadMiB() + "m");

    ObjectNode executor = spec.putObject("executor");
    executor.put("cores", plan.executor().cores());
    if (plan.executor().cpuRequestMillis() != plan.executor().cores() * 1000L) {
      executor.put("coreRequest", Cpu.format(plan.executor().cpuRequestMillis()));
    }
    executor.put("memory", plan.executor().memoryMiB() + "m");
    executor.put("memoryOverhead", plan.executor().memoryOverheadMiB() + "m");
    ObjectNode container = Pods.executorContainer(plan);
    if (container != null) {
      // The local disk's ephemeral-storage request: the operator writes this template to
      // spark.kubernetes.executor.podTemplateFile (Spark 3.0+), as no spec field or conf key can request it.
      executor.putObject("template").putObject("spec").putArray("containers").add(container);
    }

    ObjectNode dynamic = spec.putObject("dynamicAllocation");
    dynamic.put("enabled", plan.dynamicAllocation().enabled());
    dynamic.put("shuffleTrackingEnabled", true);
    dynamic.put("initialExecutors", plan.dynamicAllocation().initialExecutors());
    dynamic.put("minExecutors", Integer.parseInt(settings.sparkConf().get("spark.dynamicAllocation.minExecutors")));
    dynamic.put("maxExecutors", plan.dynamicAllocation().maxExecutors());
    String timeout = settings.sparkConf().get(SHUFFLE_TRACKING_TIMEOUT);
    if (timeout != null) {
      dynamic.put("shuffleTrackingTimeout", SparkTime.millis(SHUFFLE_TRACKING_TIMEOUT, timeout));
    }
    return spec;
  }
}
