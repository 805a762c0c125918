package io.sparkscale.render;

import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Reads an embedded YAML document with a YAML 1.1 reader, as gopkg.in/yaml.v2 does: a plain 50 is an
 * integer, a quoted "50" a string. Cluster Autoscaler decodes the priority expander's ConfigMap that way into
 * map[int][]string (kubernetes/autoscaler, cluster-autoscaler/expander/priority/priority.go), so a key that
 * comes back as a String here is one it refuses.
 */
public final class GoYaml {

  private GoYaml() {}

  @SuppressWarnings("unchecked")
  public static Map<Object, Object> mapping(String text) {
    Object loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
    if (!(loaded instanceof Map<?, ?>)) {
      throw new AssertionError("not a YAML mapping: " + text);
    }
    return (Map<Object, Object>) loaded;
  }
}
