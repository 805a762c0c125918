package io.sparkscale.render;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkscale.units.Cpu;
import io.sparkscale.units.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A standalone Spark cluster run by Apache Spark's operator (SparkCluster, spark.apache.org/v1) whose
 * workers KEDA scales on the data waiting in S3, plus the worker PodDisruptionBudget and a ConfigMap with the
 * spark-defaults.conf that applications submitted to it use.
 *
 * <p>Why KEDA is the only autoscaler: in spark-kubernetes-operator 1.0.0,
 * SparkClusterResourceSpec.buildHorizontalPodAutoscaler returns no HPA when
 * {@code instanceConfig.getMinWorkers() >= instanceConfig.getMaxWorkers()}, and
 * buildPodDisruptionBudget returns no PDB when {@code getMinWorkers() < 1}. With minWorkers = maxWorkers = 0
 * the operator creates neither, and initWorkers (the worker StatefulSet's first replicas) is KEDA's minimum.
 * ClusterInitStep.reconcile applies the StatefulSet only while the cluster is initializing (it returns
 * {@code proceed()} otherwise), so the replicas KEDA sets afterwards stay; the operator writes initWorkers
 * again only when it starts a new attempt, and KEDA corrects it at its next poll. Nothing in either class
 * needs a running worker, so zero workers (scale to zero) is allowed.
 */
public record SparkClusterSpec(
    String name,
    String namespace,
    String image,
    SparkVersion sparkVersion,
    SparkClusterSizing sizing,
    int minWorkers,
    int maxWorkers,
    ScalerTrigger trigger,
    int pollingIntervalSeconds,
    int cooldownPeriodSeconds,
    Integer fallbackReplicas,
    String tlsSecret,
    int scaleDownPeriodSeconds) {

  /** The operator's names for what it creates (SparkClusterResourceSpec). */
  static final String WORKER_SUFFIX = "-worker";
  static final String MASTER_SERVICE_SUFFIX = "-master-svc";
  /** Ours: the applications' client settings (see {@link #clientConfigMap}). */
  static final String CLIENT_CONF_SUFFIX = "-spark-defaults";
  /** Labels the operator puts on worker pods (Constants.LABEL_SPARK_CLUSTER_NAME, LABEL_SPARK_ROLE_NAME). */
  static final String CLUSTER_LABEL = "spark.operator/spark-cluster-name";
  static final String ROLE_LABEL = "spark-role";
  /** The operator's own default HPA takes one worker away per 600 s; the same pace here. */
  public static final int DEFAULT_SCALE_DOWN_PERIOD = ScaledObjectSpec.DEFAULT_SCALE_DOWN_PERIOD;
  /** The worker tells the master it is leaving, so drivers stop placing tasks on its executors at once. */
  static final String PRE_STOP = "/opt/spark/sbin/decommission-worker.sh";

  public SparkClusterSpec {
    // Services are DNS-1035 labels (a letter first) and the longest the operator derives is NAME-master-svc.
    if (name == null || !name.matches("[a-z]([a-z0-9-]*[a-z0-9])?")
        || name.length() > 63 - MASTER_SERVICE_SUFFIX.length()) {
      throw InvalidInputException.badValue("--name", String.valueOf(name),
          "use at most " + (63 - MASTER_SERVICE_SUFFIX.length()) + " lowercase letters, digits and '-',"
              + " starting with a letter (the operator names Services NAME-master-svc)");
    }
    Names.optionalDnsLabel("--namespace", namespace);
    Names.token("--image", image, "use a Spark image reference such as apache/spark:4.2.0");
    Objects.requireNonNull(sparkVersion, "sparkVersion");
    Objects.requireNonNull(sizing, "sizing");
    Names.atLeast("--min-workers", minWorkers, 0);
    Names.atLeast("--max-workers", maxWorkers, 1);
    if (maxWorkers < minWorkers) {
      throw new InvalidInputException("--max-workers: " + maxWorkers + " is below --min-workers " + minWorkers
          + "; use a value of at least " + minWorkers);
    }
    Names.between("--scale-down-period", scaleDownPeriodSeconds, ScaledObjectSpec.MIN_SCALE_DOWN_PERIOD,
        HpaBehavior.MAX_PERIOD_SECONDS);
    Objects.requireNonNull(trigger, "trigger");
  }

  public String workerStatefulSet() {
    return name + WORKER_SUFFIX;
  }

  public List<Document> render() {
    List<Document> documents = new ArrayList<>();
    documents.add(Yaml.document(sparkCluster()));
    documents.add(Yaml.document(podDisruptionBudget()));
    documents.addAll(scaledObject());
    // On stdout the client settings travel as a ConfigMap, so the whole stream is kubectl's; with -o DIR the
    // plain file comes too, for a spark-submit outside the cluster (kubectl apply -f DIR skips a .conf).
    Document conf = Document.plain(SparkConfFiles.CONF_FILE, clientConf());
    documents.add(SparkConfFiles.configMap(clientConfigMap(), namespace, List.of(conf)));
    documents.add(conf.onlyAsFile());
    return documents;
  }

  ObjectNode sparkCluster() {
    ObjectNode cluster = Yaml.resource(ApacheSparkApplicationSpec.API_VERSION, "SparkCluster", name, namespace);
    ObjectNode spec = cluster.putObject("spec");
    spec.putObject("runtimeVersions").put("sparkVersion", sparkVersion.toString());
    ObjectNode instances = spec.putObject("clusterTolerations").putObject("instanceConfig");
    instances.put("initWorkers", minWorkers);
    // minWorkers >= maxWorkers: no operator HPA; minWorkers < 1: no operator PDB (see the class comment).
    instances.put("minWorkers", 0);
    instances.put("maxWorkers", 0);

    ObjectNode template =
        spec.putObject("workerSpec").putObject("statefulSetSpec").putObject("template");
    template.putObject("metadata").putObject("labels").put("sparkscale.io/role", "spark-worker");
    ArrayNode containers = template.putObject("spec").putArray("containers");
    ObjectNode worker = containers.addObject();
    worker.put("name", "worker"); // the operator fills in the container of this name
    ArrayNode env = worker.putArray("env");
    env(env, "SPARK_WORKER_CORES", Integer.toString(sizing.workerCores()));
    env(env, "SPARK_WORKER_MEMORY", sizing.workerMemoryMiB() + "m");
    env(env, "SPARK_DAEMON_MEMORY", SparkClusterSizing.DAEMON_HEAP_MIB + "m");
    // The executors are child processes of this container: their heaps and overheads plus the daemon.
    // No CPU limit: SPARK_WORKER_CORES already bounds the cores handed out, and throttling only slows tasks.
    String memory = sizing.podMemoryMiB() + "Mi";
    // Shuffle files and spills of every executor the worker hosts live on its disk (SPARK_WORKER_DIR, local dirs).
    worker.set("resources", Pods.resources(Cpu.format(sizing.podCpuMillis()), memory, memory,
        sizing.podDiskMiB() > 0 ? Pods.mebibytes(sizing.podDiskMiB()) : null));
    // The operator sets terminationGracePeriodSeconds to 0 on worker pods, so this hook has the kubelet's
    // minimum (about 2 s): enough to tell the master, not to migrate blocks (docs/render.md explains).
    worker.putObject("lifecycle").putObject("preStop").putObject("exec")
        .set("command", Yaml.strings("bash", "-c", PRE_STOP));

    SortedMap<String, String> conf = new TreeMap<>();
    conf.put("spark.kubernetes.container.image", image);
    conf.putAll(VersionedSettings.settings(VersionedSettings.Reader.STANDALONE_DAEMONS,
        new VersionedSettings.Context(sparkVersion, maxExecutors(), null, null)));
    ObjectNode sparkConf = spec.putObject("sparkConf");
    conf.forEach(sparkConf::put);
    return cluster;
  }

  /** One worker at a time may be evicted (a node drain); the operator makes none here (minWorkers 0). */
  ObjectNode podDisruptionBudget() {
    ObjectNode pdb = Yaml.resource("policy/v1", "PodDisruptionBudget", workerStatefulSet(), namespace);
    ObjectNode spec = pdb.putObject("spec");
    spec.put("maxUnavailable", 1);
    ObjectNode labels = spec.putObject("selector").putObject("matchLabels");
    labels.put(CLUSTER_LABEL, name);
    labels.put(ROLE_LABEL, "worker");
    return pdb;
  }

  /**
   * KEDA's ScaledObject on the operator's worker StatefulSet: a long-running target, so workers go one per
   * period and a scaler outage keeps those running ({@link ScaledObjectSpec#longRunning}).
   */
  List<Document> scaledObject() {
    return KedaObjects.scaledObject(ScaledObjectSpec.longRunning(
        workerStatefulSet(), namespace, ScaledObjectSpec.TargetKind.STATEFULSET, workerStatefulSet(), trigger,
        minWorkers, maxWorkers, pollingIntervalSeconds, cooldownPeriodSeconds, fallbackReplicas, tlsSecret,
        scaleDownPeriodSeconds));
  }

  /** The ConfigMap with the applications' spark-defaults.conf, to mount where their spark-submit reads it. */
  public String clientConfigMap() {
    return name + CLIENT_CONF_SUFFIX;
  }

  /** Executors the whole cluster can host at its largest. */
  int maxExecutors() {
    return maxWorkers * sizing.executorsPerWorker();
  }

  /**
   * spark-defaults.conf for applications submitted to this cluster: executors of the shape the workers
   * were sized for, dynamic allocation up to what the cluster can host.
   */
  String clientConf() {
    var plan = sizing.plan();
    SortedMap<String, String> conf = new TreeMap<>();
    conf.put("spark.master", "spark://" + name + MASTER_SERVICE_SUFFIX
        + (namespace == null ? "" : "." + namespace + ".svc") + ":7077");
    conf.put("spark.executor.cores", Integer.toString(plan.executor().cores()));
    conf.put("spark.executor.memory", plan.executor().memoryMiB() + "m");
    conf.put("spark.dynamicAllocation.enabled", "true");
    conf.put("spark.dynamicAllocation.shuffleTracking.enabled", "true");
    conf.put("spark.dynamicAllocation.minExecutors", "0");
    conf.put("spark.dynamicAllocation.maxExecutors",
        Integer.toString(Math.min(plan.dynamicAllocation().maxExecutors(), maxExecutors())));
    conf.put("spark.decommission.enabled", "true");
    conf.put("spark.sql.adaptive.enabled", "true");
    conf.put("spark.sql.files.maxPartitionBytes", Long.toString(plan.partitions().maxPartitionBytes()));
    conf.put("spark.sql.shuffle.partitions", Long.toString(plan.partitions().shufflePartitions()));
    StringBuilder text = new StringBuilder();
    conf.forEach((key, value) -> text.append(key).append(' ').append(value).append('\n'));
    return text.toString();
  }

  private static void env(ArrayNode env, String name, String value) {
    ObjectNode variable = env.addObject();
    variable.put("name", name);
    variable.put("value", value);
  }
}
