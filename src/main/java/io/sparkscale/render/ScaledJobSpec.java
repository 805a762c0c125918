package io.sparkscale.render;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkscale.claim.ClaimLayout;
import io.sparkscale.claim.ClaimRequest;
import io.sparkscale.trigger.TriggerSpec.Metric;
import io.sparkscale.units.Durations;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A KEDA ScaledJob that starts one spark-submit Job per batch of pending data, each batch claimed by exactly
 * one Job (docs/keda.md, "A ScaledJob that runs spark-submit per batch"):
 *
 * <ul>
 *   <li>an init container runs `sparkscale claim` for one trigger target's worth of objects (one KEDA queue
 *       item), writes the manifest, the URI list and spark-defaults.conf sized from the batch into a shared
 *       emptyDir;
 *   <li>the spark-submit container submits with that conf (or nothing, if the batch is empty) and writes its
 *       exit code to the volume;
 *   <li>a second sparkscale container waits for that code and completes the batch on 0, releases it
 *       otherwise. It runs from the sparkscale image, so the Spark image needs nothing of sparkscale's.
 * </ul>
 *
 * The trigger leaves claimed keys out of its count (claimsPrefix, claimLease), so the strategy is KEDA's
 * accurate one, with a Job pending until its pod is Initialized, i.e. until its claim is made.
 *
 * @param sizerImage the sparkscale image the claim and finish containers run
 * @param rightsizeArgs rightsize flags, already validated, passed through to `claim` as given
 * @param sparkSubmitArgs appended after sparkscale's own spark-submit flags (application jar and args)
 * @param tlsSecret Secret for mutual TLS to the scaler, as for a ScaledObject; null for none
 * @param scalingStrategy how KEDA turns the count into Jobs; null is accurate, pending until Initialized
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
  static final String MANIFEST = CONF_DIR + "/batch.json";
  static final String URI_FILE = CONF_DIR + "/batch.txt";
  static final String OUTCOME = CONF_DIR + "/outcome";
  /**
   * spark-submit's wrapper: submit only a batch that has objects, and hand the exit code to the finish
   * container (written whole: a rename). The kubelet expands $(POD_NAMESPACE) in the args; "$@" is them.
   */
  static final String SUBMIT_SCRIPT = String.join("\n",
      "if [ ! -s " + URI_FILE + " ]; then echo 'sparkscale: nothing claimed, nothing to submit'; exit 0; fi",
      "/opt/spark/bin/spark-submit \"$@\"",
      "rc=$?",
      "echo \"$rc\" > " + OUTCOME + ".tmp && mv " + OUTCOME + ".tmp " + OUTCOME,
      "exit \"$rc\"");
  /** Claim pending until the pod has run its init containers: then its batch is claimed and uncounted. */
  static final ScaledJobStrategy CLAIMED_STRATEGY =
      new ScaledJobStrategy(ScaledJobStrategy.Kind.ACCURATE, null, null, List.of("Initialized"));
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
    scalingStrategy = scalingStrategy == null ? CLAIMED_STRATEGY : scalingStrategy;
    if (trigger.claims() == null) {
      String prefix = Objects.requireNonNullElse(trigger.prefix(), "");
      trigger = trigger.withClaims(
          new ScalerTrigger.Claims(ClaimLayout.defaultClaimsPrefix(prefix), ClaimRequest.DEFAULT_LEASE));
    }
  }

  /** `sparkscale claim` for one trigger target's worth, with the trigger's filters and claims. */
  List<String> claimCommand() {
    List<String> command = new ArrayList<>(List.of("sparkscale", "claim", "--bucket", trigger.bucket()));
    addIfSet(command, "--prefix", trigger.prefix());
    addIfSet(command, "--suffix", trigger.suffix());
    if (trigger.minObjectAge() != null) {
      command.addAll(List.of("--min-object-age", Durations.format(trigger.minObjectAge())));
    }
    command.addAll(List.of("--claims-prefix", trigger.claims().prefix(),
        "--lease", Durations.format(trigger.claims().lease())));
    long target = trigger.perReplicaTarget();
    command.addAll(trigger.metric() == Metric.BYTES
        ? List.of("--batch-bytes", Long.toString(target))
        : List.of("--batch-objects", Long.toString(target)));
    command.addAll(List.of("--output-dir", CONF_DIR));
    command.addAll(rightsizeArgs);
    return command;
  }

  private static void addIfSet(List<String> command, String flag, String value) {
    if (value != null && !value.isEmpty()) {
      command.addAll(List.of(flag, value));
    }
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
    // The manifest of a batch of thousands of keys runs to megabytes.
    volume.putObject("emptyDir").put("sizeLimit", "64Mi");
    pod.putArray("initContainers").add(claim());
    ArrayNode containers = pod.putArray("containers");
    containers.add(sparkSubmit());
    containers.add(finish());
    spec.put("pollingInterval", pollingIntervalSeconds);
    spec.put("maxReplicaCount", maxReplicas);
    spec.put("successfulJobsHistoryLimit", 3);
    spec.put("failedJobsHistoryLimit", 3);
    spec.set("scalingStrategy", scalingStrategy.toYaml());
    spec.set("triggers", KedaObjects.triggers(trigger, authName));
    documents.add(Yaml.document(job));
    return documents;
  }

  private ObjectNode claim() {
    ObjectNode c = Yaml.object();
    c.put("name", "claim");
    c.put("image", sizerImage);
    c.set("command", Yaml.strings(claimCommand()));
    c.set("volumeMounts", mount());
    c.set("resources", Pods.resources("100m", "128Mi", "256Mi"));
    c.set("securityContext", Pods.restrictedContainer());
    return c;
  }

  /** Completes the batch when spark-submit wrote 0, releases it otherwise. */
  private ObjectNode finish() {
    ObjectNode c = Yaml.object();
    c.put("name", "finish");
    c.put("image", sizerImage);
    c.set("command", Yaml.strings("sparkscale", "claim", "--finish", MANIFEST, "--outcome", OUTCOME));
    c.set("volumeMounts", mount());
    c.set("resources", Pods.resources("50m", "128Mi", "256Mi"));
    c.set("securityContext", Pods.restrictedContainer());
    return c;
  }

  private ObjectNode sparkSubmit() {
    ObjectNode c = Yaml.object();
    c.put("name", "spark-submit");
    c.put("image", sparkImage);
    // sh -c SCRIPT NAME ARGS...: the script sees the args as "$@".
    c.set("command", Yaml.strings("/bin/sh", "-c", SUBMIT_SCRIPT, "spark-submit"));
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
    c.set("volumeMounts", mount());
    c.set("resources", Pods.resources("250m", "512Mi", "1Gi"));
    ObjectNode security = c.putObject("securityContext");
    // Apache Spark's images run as uid 185 but name the user, which the kubelet cannot check as non-root.
    security.put("runAsUser", SPARK_UID);
    security.put("runAsNonRoot", true);
    security.put("allowPrivilegeEscalation", false);
    security.putObject("capabilities").set("drop", Yaml.strings("ALL"));
    return c;
  }

  private static ArrayNode mount() {
    ArrayNode mounts = Yaml.array();
    ObjectNode m = mounts.addObject();
    m.put("name", "sizing");
    m.put("mountPath", CONF_DIR);
    return mounts;
  }
}
