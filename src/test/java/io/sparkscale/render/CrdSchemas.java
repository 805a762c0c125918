package io.sparkscale.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates custom resources against the openAPIV3Schema of their CRD (copied into src/test/resources/crds,
 * see ORIGIN.md there), made strict the way the API server prunes: a field the schema does not list is an
 * error here, because the API server would silently drop it.
 */
public final class CrdSchemas {

  /** apiVersion/kind to the CRD file that defines it. */
  private static final Map<String, String> CRDS =
      Map.of(
          "keda.sh/v1alpha1/ScaledObject", "scaledobjects.keda.sh.yaml",
          "keda.sh/v1alpha1/ScaledJob", "scaledjobs.keda.sh.yaml",
          "keda.sh/v1alpha1/TriggerAuthentication", "triggerauthentications.keda.sh.yaml",
          "sparkoperator.k8s.io/v1beta2/SparkApplication",
              "sparkoperator.k8s.io_sparkapplications-v2.5.2.yaml",
          "karpenter.sh/v1/NodePool", "karpenter.sh_nodepools-v1.14.1.yaml",
          "spark.apache.org/v1/SparkApplication", "sparkapplications.spark.apache.org-v1.0.0.yaml",
          "spark.apache.org/v1/SparkCluster", "sparkclusters.spark.apache.org-v1.0.0.yaml");

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final SchemaRegistry REGISTRY =
      SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4);
  private static final Map<String, Schema> CACHE = new ConcurrentHashMap<>();

  private CrdSchemas() {}

  public static boolean knows(JsonNode resource) {
    return CRDS.containsKey(key(resource));
  }

  /** Error messages; empty when the resource is valid. metadata is left to {@link KubernetesModels}. */
  public static List<String> validate(JsonNode resource) {
    String key = key(resource);
    String file = CRDS.get(key);
    if (file == null) {
      return List.of("no CRD known for " + key);
    }
    Schema schema = CACHE.computeIfAbsent(key, k -> load(file, resource.path("apiVersion").asText()));
    List<String> errors = new ArrayList<>();
    schema.validate(resource).forEach(e -> errors.add(e.toString()));
    return errors;
  }

  private static String key(JsonNode resource) {
    return resource.path("apiVersion").asText() + "/" + resource.path("kind").asText();
  }

  private static Schema load(String file, String apiVersion) {
    String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
    try (InputStream in = CrdSchemas.class.getResourceAsStream("/crds/" + file)) {
      JsonNode crd = YAML.readTree(in);
      for (JsonNode v : crd.path("spec").path("versions")) {
        if (v.path("name").asText().equals(version) && v.path("served").asBoolean()) {
          ObjectNode schema = v.path("schema").path("openAPIV3Schema").deepCopy();
          return REGISTRY.getSchema(strict(withObjectRoot(schema)));
        }
      }
      throw new IllegalStateException(file + " serves no version " + version);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The API server accepts apiVersion, kind and metadata on every object; some CRDs (Apache Spark's operator)
   * do not list them at their root, which strict() would otherwise turn into errors.
   */
  private static ObjectNode withObjectRoot(ObjectNode schema) {
    ObjectNode properties = schema.with("properties");
    for (String field : new String[] {"apiVersion", "kind"}) {
      if (!properties.has(field)) {
        properties.putObject(field).put("type", "string");
      }
    }
    if (!properties.has("metadata")) {
      properties.putObject("metadata").put("type", "object").put("x-kubernetes-preserve-unknown-fields", true);
    }
    return schema;
  }

  /**
   * Structural schema to JSON Schema draft 4: listed properties close the object unless it preserves unknown
   * fields, and int-or-string accepts both types.
   */
  static ObjectNode strict(ObjectNode schema) {
    if (schema.path("x-kubernetes-int-or-string").asBoolean() && !schema.has("anyOf")) {
      ArrayNode types = schema.putArray("type");
      types.add("integer").add("string");
    }
    boolean preserves = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean();
    if (schema.has("properties") && !preserves && !schema.has("additionalProperties")) {
      schema.set("additionalProperties", BooleanNode.FALSE);
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = schema.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      JsonNode value = field.getValue();
      switch (field.getKey()) {
        case "properties" -> value.forEach(p -> strict((ObjectNode) p));
        case "items", "additionalProperties", "not" -> {
          if (value.isObject()) strict((ObjectNode) value);
        }
        case "allOf", "anyOf", "oneOf" -> value.forEach(p -> strict((ObjectNode) p));
        default -> {}
      }
    }
    // Kubernetes-only keywords are consumed above; dropping them keeps the validator from warning.
    schema.properties().removeIf(f -> f.getKey().startsWith("x-kubernetes-"));
    return schema;
  }
}
