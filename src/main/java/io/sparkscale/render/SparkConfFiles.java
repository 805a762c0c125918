package io.sparkscale.render;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkscale.units.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * spark-defaults.conf for spark-submit. Annotations and node selectors can be set in configuration,
 * tolerations and node affinity cannot, so the cost-optimized preset adds a driver and an executor pod
 * template ({@link Pods}) and points the configuration at them.
 */
public final class SparkConfFiles {

  public static final String CONF_FILE = "spark-defaults.conf";
  public static final String DRIVER_TEMPLATE = "driver-pod-template.yaml";
  public static final String EXECUTOR_TEMPLATE = "executor-pod-template.yaml";

  private SparkConfFiles() {}

  /**
   * @param templateDir where the pod templates will be on the machine that runs spark-submit
   */
  public static List<Document> render(SparkSettings settings, String templateDir) {
    SortedMap<String, String> conf = new TreeMap<>(settings.sparkConf());
    List<Document> documents = new ArrayList<>();
    SpotPlacement placement = settings.placement();
    if (placement != null) {
      if (templateDir == null || !templateDir.startsWith("/")) {
        throw InvalidInputException.badValue(
            "--pod-template-dir", String.valueOf(templateDir), "use an absolute directory, e.g. /opt/spark/conf");
      }
      String dir = templateDir.endsWith("/") ? templateDir : templateDir + "/";
      conf.put("spark.kubernetes.driver.podTemplateFile", dir + DRIVER_TEMPLATE);
      conf.put("spark.kubernetes.executor.podTemplateFile", dir + EXECUTOR_TEMPLATE);
    }
    // The driver's protection is configuration too, so it holds without templates (the base preset).
    Pods.DRIVER_ANNOTATIONS.forEach((key, value) -> conf.put("spark.kubernetes.driver.annotation." + key, value));
    StringBuilder text = new StringBuilder();
    conf.forEach((key, value) -> text.append(key).append(' ').append(value).append('\n'));
    documents.add(Document.plain(CONF_FILE, text.toString()));
    if (placement != null) {
      documents.add(Document.yaml(DRIVER_TEMPLATE, Yaml.write(Pods.driverTemplate(placement))));
      documents.add(Document.yaml(
          EXECUTOR_TEMPLATE,
          Yaml.write(Pods.executorTemplate(settings.plan(), placement, settings.executorGracePeriodSeconds()))));
    }
    return documents;
  }

  /**
   * One ConfigMap holding the files, each under its file name: mounted as a volume where a Spark client reads
   * its configuration ($SPARK_CONF_DIR, else $SPARK_HOME/conf: /opt/spark/conf in Apache Spark's images),
   * spark-submit finds spark-defaults.conf, and the pod templates where the conf points (--pod-template-dir
   * defaults to the same directory).
   */
  public static Document configMap(String name, String namespace, List<Document> files) {
    ObjectNode configMap = Yaml.resource("v1", "ConfigMap", name, namespace);
    ObjectNode data = configMap.putObject("data");
    files.forEach(file -> data.put(file.fileName(), file.text()));
    return Yaml.document(configMap);
  }
}
