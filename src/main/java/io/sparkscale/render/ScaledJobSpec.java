package io.sparkscale.render;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A KEDA ScaledJob that starts one spark-submit Job per batch of pending data. Each Job is sized from the
 * data actually waiting: an init container runs `sparkscale rightsize --data-size s3://BUCKET/PREFIX
 * --format spark-conf` into a shared emptyDir, and spark-submit reads that file with --properties-file.
 *
 * @param sizerImage the sparkscale image the init container runs
 * @param rightsizeArgs further rightsize flags, already validated, passed through as given
 * @param sparkSubmitArgs appended after sparkscale's own spark-submit flags (application jar and args)
 * @param tlsSecret Secret for mutual TLS to the scaler, as for a ScaledObject; null for none
 * @param scalingStrategy how KEDA turns the count into Jobs; null is KEDA's default strategy
 */
public record ScaledJobSpec(
    String name,
    String namespace,
    String sparkImage,
    String sizerImage,
    String serviceAccount,
    ScalerTrigger trigger,
    int maxReplicas,
    int pollingIntervalSeconds,
    List<String> rightsizeArgs,
    List<String> sparkSubmitArgs,
    String tlsSecret,
    ScaledJobStrategy scalingStrategy) {

  /** With KEDA's default strategy. */
  public ScaledJobSpec(String name, String namespace, String sparkImage, String sizerImage, String serviceAccount,
      ScalerTrigger trigger, int maxReplicas, int pollingIntervalSeconds, List<String> rightsizeArgs,
      List<String> sparkSubmitArgs, String tlsSecret) {
    this(name, namespace, sparkImage, sizerImage, serviceAccount, trigger, maxReplicas, pollingIntervalSeconds,
        rightsizeArgs, sparkSubmitArgs, tlsSecret, null);
  }

  static final String CONF_DIR = "/etc/sparkscale";
  static final String CONF_FILE = CONF_DIR + "/spark-defaults.conf";
  /** The API server as every pod sees it; spark-submit creates the driver pod there. */
  static final String MASTER = "k8s://https://kubernetes.default.svc:443";
  /** The spark user of Apache Spark's images (spark_uid in its Dockerfile). */
  static final int SPARK_UID = 185;

  public ScaledJobSpec {
    Names.dnsLabel("--name", name);
    Names.optionalDnsLabel("--namespace", namespace);
    Names.token("--image", sparkImage, "use a Spark image reference such as apache/spark:4.2.0");
    Names.token("--sparkscale-image", sizerImage, "use the sparkscale image, e.g. ghcr.io/org/sparkscale:0.1.0");
    Names.dnsLabel("--service-account", serviceAccount);
    Objects.requireNonNull(trigger, "trigger");
    Names.atLeast("--max-replicas", maxReplicas, 1);
    Names.atLeast("--polling-interval", pollingIntervalSeconds, 1);
    rightsizeArgs = List.copyOf(rightsizeArgs);
    sparkSubmitArgs = List.copyOf(sparkSubmitArgs);
    Names.optionalDnsLabel("--tls-secret", tlsSecret);
    scalingStrategy = scalingStrategy == null ? ScaledJobStrategy.of(ScaledJobStrategy.Kind.DEFAULT) : scalingStrategy;
  }

  /** What the init container measures: everything under the trigger's prefix. */
  String s3Uri() {
    return "s3://" + trigger.bucket() + "/" + (trigger.prefix() == null ? "" : trigger.prefix());
  }

  public List<Document> render() {
    List<Document> documents = new ArrayList<>();
    String authName = tlsSecret == null ? null : KedaObjects.tlsAuthName(name);
    if (authName != null) {
      documents.add(Yaml.document(KedaObjects.triggerAuthentication(authName, namespace, tlsSecret)));
    }
    ObjectNode job = Yaml.resource(KedaObjects.API_VERSION, "ScaledJob", name, namespace);
    ObjectNode spec = job.putObject("spec");
    ObjectNode target = spec.putObject("jobTargetRef");
    // A failed batch is not retried blindly: its data is still pending, so the next poll starts a new Job.
    target.put("backoffLimit", 0);
    ObjectNode template = target.putObject("template");
    ObjectNode templateMetadata = template.putObject("metadata");
    templateMetadata.putObject("labels").put("sparkscale.io/scaledjob", name);
    // The Job pod is spark-submit, which waits for the driver: with backoffLimit 0, a node autoscaler that
    // evicts it fails the Job while the driver runs on, and KEDA starts a second driver on the same data.
    // The driver's own protection (Pods.DRIVER_ANNOTATIONS) keeps Karpenter and Cluster Autoscaler off it too.
    templateMetadata.set("annotations", Pods.driverAnnotations());
    ObjectNode pod = template.putObject("spec");
    pod.put("serviceAccountName", serviceAccount);
    pod.put("restartPolicy", "Never");
    pod.putObject("securityContext").putObject("seccompProfile").put("type", "RuntimeDefault");
    ObjectNode volume = pod.putArray("volumes").addObject();
    volume.put("name", "sizing");
    volume.putObject("emptyDir").put("sizeLimit", "1Mi");
    pod.putArray("initContainers").add(sizer());
    pod.putArray("containers").add(sparkSubmit());
    spec.put("pollingInterval", pollingIntervalSeconds);
    spec.put("maxReplicaCount", maxReplicas);
    spec.put("successfulJobsHistoryLimit", 3);
    spec.put("failedJobsHistoryLimit", 3);
    spec.set("scalingStrategy", scalingStrategy.toYaml());
    spec.set("triggers", KedaObjects.triggers(trigger, authName));
    documents.add(Yaml.document(job));
    return documents;
  }

  private ObjectNode sizer() {
    List<String> command = new ArrayList<>(List.of("sparkscale", "rightsize", "--data-size", s3Uri()));
    command.addAll(List.of("--format", "spark-conf"));
    command.addAll(rightsizeArgs);
    ObjectNode c = Yaml.object();
    c.put("name", "rightsize");
    c.put("image", sizerImage);
    // rightsize prints to stdout; the shell's redirect is the only reason for sh -c.
    c.set("command", Yaml.strings("/bin/sh", "-c", "exec " + Shell.commandLine(command) + " > " + CONF_FILE));
    c.set("volumeMounts", mount(false));
    c.set("resources", Pods.resources("100m", "128Mi", "256Mi"));
    c.set("securityContext", Pods.restrictedContainer());
    return c;
  }

  private ObjectNode sparkSubmit() {
    ObjectNode c = Yaml.object();
    c.put("name", "spark-submit");
    c.put("image", sparkImage);
    c.set("command", Yaml.strings("/opt/spark/bin/spark-submit"));
    List<String> args = new ArrayList<>();
    args.addAll(List.of("--master", MASTER, "--deploy-mode", "cluster"));
    args.addAll(List.of("--properties-file", CONF_FILE));
    // $(POD_NAMESPACE) is expanded by the kubelet: the driver runs where the Job runs.
    args.addAll(List.of("--conf", "spark.kubernetes.namespace=$(POD_NAMESPACE)"));
    args.addAll(List.of("--conf", "spark.kubernetes.container.image=" + sparkImage));
    args.addAll(List.of("--conf", "spark.kubernetes.authenticate.driver.serviceAccountName=" + serviceAccount));
    // Keep node autoscalers from removing the driver's node (Pods.DRIVER_ANNOTATIONS).
    new java.util.TreeMap<>(Pods.DRIVER_ANNOTATIONS).forEach(
        (key, value) -> args.addAll(List.of("--conf", "spark.kubernetes.driver.annotation." + key + "=" + value)));
    args.addAll(sparkSubmitArgs);
    c.set("args", Yaml.strings(args));
    ObjectNode env = c.putArray("env").addObject();
    env.put("name", "POD_NAMESPACE");
    env.putObject("valueFrom").putObject("fieldRef").put("fieldPath", "metadata.namespace");
    c.set("volumeMounts", mount(true));
    c.set("resources", Pods.resources("250m", "512Mi", "1Gi"));
    ObjectNode security = c.putObject("securityContext");
    // Apache Spark's images run as uid 185 but name the user, which the kubelet cannot check as non-root.
    security.put("runAsUser", SPARK_UID);
    security.put("runAsNonRoot", true);
    security.put("allowPrivilegeEscalation", false);
    security.putObject("capabilities").set("drop", Yaml.strings("ALL"));
    return c;
  }

  private static ArrayNode mount(boolean readOnly) {
    ArrayNode mounts = Yaml.array();
    ObjectNode m = mounts.addObject();
    m.put("name", "sizing");
    m.put("mountPath", CONF_DIR);
    if (readOnly) {
      m.put("readOnly", true);
    }
    return mounts;
  }
}
