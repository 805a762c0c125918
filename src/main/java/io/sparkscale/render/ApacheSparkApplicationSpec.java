package io.sparkscale.render;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkscale.sizing.SizingPlan;
import io.sparkscale.units.InvalidInputException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Apache Spark's own operator's SparkApplication (spark.apache.org/v1, spark-kubernetes-operator 1.0). It
 * has no fields for executor sizes: everything goes into sparkConf, and what configuration cannot say
 * (affinity, tolerations) into the driver and executor pod templates.
 *
 * @param mainClass required for JVM applications; null for Python and R
 */
public record ApacheSparkApplicationSpec(
    String name,
    String namespace,
    String image,
    String mainApplicationFile,
    String mainClass,
    SparkVersion sparkVersion,
    String serviceAccount,
    List<String> arguments,
    SparkSettings settings) {

  public static final String API_VERSION = "spark.apache.org/v1";
  /** The service account the operator's examples give drivers. */
  public static final String DEFAULT_SERVICE_ACCOUNT = "spark";

  /** Retry only what the platform broke (no node, quota, image pull): a failing job would fail again. */
  static final String RESTART_POLICY = "OnInfrastructureFailure";
  static final int MAX_RESTART_ATTEMPTS = 3;
  static final long RESTART_BACKOFF_MILLIS = 60_000;
  /** Long enough for a node to be provisioned (1-3 min) and a Spark image pulled, on the driver and executors. */
  static final long START_TIMEOUT_MILLIS = 600_000;
  /** A failed attempt's driver pod stays a day for its logs, then goes. */
  static final long RETAIN_ON_FAILURE_MILLIS = 86_400_000;

  public ApacheSparkApplicationSpec {
    Names.dnsLabel("--name", name);
    Names.optionalDnsLabel("--namespace", namespace);
    Names.token("--image", image, "use a Spark image reference such as apache/spark:4.2.0");
    Names.token(
        "--main-application-file", mainApplicationFile,
        "use a URI such as local:///opt/spark/examples/jars/app.jar or s3a://bucket/app.py");
    Objects.requireNonNull(sparkVersion, "sparkVersion");
    Names.dnsLabel("--service-account", serviceAccount);
    arguments = List.copyOf(arguments == null ? List.of() : arguments);
    Objects.requireNonNull(settings, "settings");
    SparkApplicationSpec.checkMainClass(mainApplicationFile, mainClass);
  }

  private enum Language {
    JVM("jars"),
    PYTHON("pyFiles"),
    R("sparkRFiles");

    /** The spec field that carries the main file for this language. */
    final String field;

    Language(String field) {
      this.field = field;
    }
  }

  private static Language language(String file) {
    String lower = file.toLowerCase(Locale.ROOT);
    return lower.endsWith(".py") ? Language.PYTHON : lower.endsWith(".r") ? Language.R : Language.JVM;
  }

  public Document render() {
    SizingPlan plan = settings.plan();
    ObjectNode app = Yaml.resource(API_VERSION, "SparkApplication", name, namespace);
    ObjectNode spec = app.putObject("spec");
    if (mainClass != null) {
      spec.put("mainClass", mainClass);
    }
    spec.put(language(mainApplicationFile).field, mainApplicationFile);
    if (!arguments.isEmpty()) {
      spec.set("driverArgs", Yaml.strings(arguments));
    }
    spec.put("deploymentMode", "ClusterMode");
    spec.putObject("runtimeVersions").put("sparkVersion", sparkVersion.toString());

    SortedMap<String, String> conf = new TreeMap<>(settings.sparkConf());
    conf.put("spark.kubernetes.container.image", image);
    conf.put("spark.kubernetes.authenticate.driver.serviceAccountName", serviceAccount);
    conf.put("spark.driver.memoryOverhead", plan.driver().memoryOverheadMiB() + "m");
    ObjectNode sparkConf = spec.putObject("sparkConf");
    conf.forEach(sparkConf::put);

    spec.set("applicationTolerations", tolerations(plan, conf));
    spec.putObject("driverSpec").set("podTemplateSpec", driverTemplate());
    spec.putObject("executorSpec").set("podTemplateSpec", executorTemplate());
    return Yaml.document(app);
  }

  /**
   * The operator's view of a healthy batch run: the plan's executor counts (a run that cannot get its
   * initial executors in time is stopped rather than left hanging), retries for infrastructure failures only.
   */
  private ObjectNode tolerations(SizingPlan plan, SortedMap<String, String> conf) {
    ObjectNode tolerations = Yaml.object();
    ObjectNode restart = tolerations.putObject("restartConfig");
    restart.put("restartPolicy", RESTART_POLICY);
    restart.put("maxRestartAttempts", MAX_RESTART_ATTEMPTS);
    restart.put("restartBackoffMillis", RESTART_BACKOFF_MILLIS);
    ObjectNode timeouts = tolerations.putObject("applicationTimeoutConfig");
    timeouts.put("driverStartTimeoutMillis", START_TIMEOUT_MILLIS);
    timeouts.put("driverReadyTimeoutMillis", START_TIMEOUT_MILLIS);
    timeouts.put("executorStartTimeoutMillis", START_TIMEOUT_MILLIS);
    ObjectNode instances = tolerations.putObject("instanceConfig");
    instances.put("initExecutors", plan.dynamicAllocation().initialExecutors());
    instances.put("minExecutors", Integer.parseInt(conf.get("spark.dynamicAllocation.minExecutors")));
    instances.put("maxExecutors", plan.dynamicAllocation().maxExecutors());
    tolerations.put("resourceRetainPolicy", "OnFailure");
    tolerations.put("resourceRetainDurationMillis", RETAIN_ON_FAILURE_MILLIS);
    return tolerations;
  }

  private ObjectNode driverTemplate() {
    ObjectNode template = template("driver");
    // Keeps Karpenter and Cluster Autoscaler from moving the driver, as on Kubeflow's driver.
    ((ObjectNode) template.get("metadata")).set("annotations", Pods.driverAnnotations());
    SpotPlacement placement = settings.placement();
    if (placement != null) {
      ObjectNode podSpec = template.putObject("spec");
      podSpec.set("affinity", placement.driverAffinity());
      if (!placement.driverTolerations().isEmpty()) {
        podSpec.set("tolerations", placement.driverTolerations());
      }
    }
    return template;
  }

  private ObjectNode executorTemplate() {
    ObjectNode template = template("executor");
    ObjectNode container = Pods.executorContainer(settings.plan());
    if (container != null) {
      template.putObject("spec").putArray("containers").add(container);
    }
    SpotPlacement placement = settings.placement();
    if (placement != null) {
      ObjectNode podSpec = template.has("spec") ? (ObjectNode) template.get("spec") : template.putObject("spec");
      podSpec.set("affinity", placement.executorAffinity());
      podSpec.set("tolerations", placement.executorTolerations());
      // Before Spark 4.1 the template's grace is the one the pod gets; from 4.1 Spark overrides it with
      // spark.kubernetes.executor.terminationGracePeriodSeconds, which VersionedSettings sets to the same value.
      podSpec.put("terminationGracePeriodSeconds", settings.executorGracePeriodSeconds());
    }
    return template;
  }

  private static ObjectNode template(String role) {
    ObjectNode template = Yaml.object();
    template.putObject("metadata").putObject("labels").put("sparkscale.io/role", role);
    return template;
  }
}
