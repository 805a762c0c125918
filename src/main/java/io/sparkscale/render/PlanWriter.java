package io.sparkscale.render;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkscale.sizing.SizingPlan;
import io.sparkscale.units.Cpu;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Prints a {@link SizingPlan}: a table for people, JSON/YAML for scripts, spark-defaults.conf lines and a
 * SparkApplication spec fragment to apply.
 */
public final class PlanWriter {

  /**
   * Built on first use only: the default table needs no Jackson, and a CLI run pays for every class it
   * loads. YAML goes through {@link Yaml}, the manifests' writer, so the fragment quotes number-like strings
   * the same way.
   */
  private static final class Mappers {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  }

  private PlanWriter() {}

  public static void write(SizingPlan plan, PlanFormat format, Writer out) {
    write(plan, format, Map.of(), out);
  }

  /** extraSections are added at the top level of JSON and YAML (e.g. "eventLog") and listed in the table. */
  public static void write(
      SizingPlan plan, PlanFormat format, Map<String, Object> extraSections, Writer out) {
    try {
      switch (format) {
        case JSON -> out.write(Mappers.JSON.writeValueAsString(tree(plan, extraSections)) + "\n");
        case YAML -> out.write(Yaml.write(tree(plan, extraSections)));
        case SPARK_CONF -> out.write(sparkDefaults(plan));
        case SPARKAPPLICATION_FRAGMENT ->
            out.write(Yaml.write(Mappers.JSON.valueToTree(sparkApplicationFragment(plan))));
        case TABLE -> out.write(PlanTable.render(plan, extraSections));
      }
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ObjectNode tree(SizingPlan plan, Map<String, Object> extraSections) {
    ObjectNode tree = Mappers.JSON.valueToTree(plan);
    extraSections.forEach((name, section) -> tree.set(name, Mappers.JSON.valueToTree(section)));
    return tree;
  }

  /** spark-defaults.conf: one "key value" line per setting. */
  public static String sparkDefaults(SizingPlan plan) {
    StringBuilder out = new StringBuilder();
    plan.sparkConf().forEach((key, value) -> out.append(key).append(' ').append(value).append('\n'));
    return out.toString();
  }

  /**
   * The sized part of a Kubeflow SparkApplication's spec (sparkConf, driver, executor, dynamicAllocation),
   * to merge into one's own manifest; the keys carried by spec fields are left out of sparkConf.
   */
  public static Map<String, Object> sparkApplicationFragment(SizingPlan plan) {
    Map<String, String> sparkConf = new TreeMap<>(plan.sparkConf());
    sparkConf.keySet().removeAll(SparkApplicationSpec.SPEC_FIELD_KEYS);

    Map<String, Object> driver = new LinkedHashMap<>();
    driver.put("cores", plan.driver().cores());
    driver.put("memory", plan.driver().memoryMiB() + "m");
    driver.put("memoryOverhead", plan.driver().memoryOverheadMiB() + "m");

    Map<String, Object> executor = new LinkedHashMap<>();
    executor.put("cores", plan.executor().cores());
    if (plan.executor().cpuRequestMillis() != plan.executor().cores() * 1000L) {
      executor.put("coreRequest", Cpu.format(plan.executor().cpuRequestMillis()));
    }
    executor.put("memory", plan.executor().memoryMiB() + "m");
    executor.put("memoryOverhead", plan.executor().memoryOverheadMiB() + "m");
    if (plan.localDisk() != null && plan.localDisk().executorRequestMiB() > 0) {
      // The executor pod template the operator hands Spark: the local disk's ephemeral-storage request.
      executor.put("template", Map.of("spec", Map.of("containers", List.of(Map.of(
          "name", Pods.EXECUTOR_CONTAINER,
          "resources", Map.of("requests", Map.of(
              "ephemeral-storage", Pods.mebibytes(plan.localDisk().executorRequestMiB()))))))));
    }

    Map<String, Object> dynamicAllocation = new LinkedHashMap<>();
    dynamicAllocation.put("enabled", plan.dynamicAllocation().enabled());
    dynamicAllocation.put("shuffleTrackingEnabled", true);
    dynamicAllocation.put("initialExecutors", plan.dynamicAllocation().initialExecutors());
    dynamicAllocation.put("minExecutors", plan.dynamicAllocation().minExecutors());
    dynamicAllocation.put("maxExecutors", plan.dynamicAllocation().maxExecutors());

    Map<String, Object> values = new LinkedHashMap<>();
    values.put("sparkConf", sparkConf);
    values.put("driver", driver);
    values.put("executor", executor);
    values.put("dynamicAllocation", dynamicAllocation);
    return values;
  }

  static String money(double usd) {
    return String.format(Locale.ROOT, "%.2f USD/h", usd);
  }
}
