package io.sparkscale.render;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkscale.sizing.SizingPlan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Locale;
import java.util.Map;

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
            out.write(Yaml.write(sparkApplicationFragment(plan)));
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

  /**
   * spark-defaults.conf: exactly what `render spark-conf` writes for the same sizing flags (base preset, the
   * default Spark release), so the two never disagree.
   */
  public static String sparkDefaults(SizingPlan plan) {
    return SparkConfFiles.render(renderDefaults(plan), null).get(0).text();
  }

  /**
   * The sized part of a Kubeflow SparkApplication's spec (sparkConf, driver, executor, dynamicAllocation),
   * to merge into one's own manifest: what `render sparkapplication` writes there for the same flags.
   */
  public static ObjectNode sparkApplicationFragment(SizingPlan plan) {
    return SparkApplicationSpec.sizedSpec(renderDefaults(plan));
  }

  /** What the render commands apply to a plan unless told otherwise. */
  private static SparkSettings renderDefaults(SizingPlan plan) {
    return SparkSettings.of(plan, SparkPreset.BASE, null, null, null, null)
        .forVersion(SparkVersion.of(SparkVersion.DEFAULT), null);
  }

  static String money(double usd) {
    return String.format(Locale.ROOT, "%.2f USD/h", usd);
  }
}
