package io.sparkscale.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Writes manifests the way people write them: unquoted where YAML allows, but strings that would read back
 * as a number or a boolean are quoted, because Kubernetes (trigger metadata, labels, annotations) rejects a
 * number where it expects a string.
 */
public final class Yaml {

  private static final ObjectMapper MAPPER =
      new ObjectMapper(
          YAMLFactory.builder()
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
              .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
              .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              // A command line folded over two lines is valid YAML but hard to read and to grep.
              .disable(YAMLGenerator.Feature.SPLIT_LINES)
              .stringQuotingChecker(new NumberLikeQuoting())
              .build());

  /**
   * Jackson already quotes booleans, null and decimal numbers; this also quotes what other YAML readers
   * (Go's, which kubectl and Helm use) take for a number: hex, octal, binary, exponents, underscores,
   * infinities and NaN.
   */
  private static final class NumberLikeQuoting extends StringQuotingChecker.Default {
    private static final Pattern NUMBER_LIKE =
        Pattern.compile(
            "[-+]?(0[xXoObB][0-9a-fA-F_]+|[0-9][0-9_]*(\\.[0-9_]*)?([eE][-+]?[0-9]+)?"
                + "|\\.[0-9]+([eE][-+]?[0-9]+)?|\\.(inf|Inf|INF|nan|NaN|NAN)|[0-9]+(:[0-5]?[0-9])+)");

    @Override
    public boolean needToQuoteValue(String value) {
      return super.needToQuoteValue(value) || NUMBER_LIKE.matcher(value).matches();
    }
  }

  private Yaml() {}

  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  public static ArrayNode array() {
    return MAPPER.createArrayNode();
  }

  public static ArrayNode strings(String... values) {
    ArrayNode array = array();
    for (String value : values) {
      array.add(value);
    }
    return array;
  }

  public static ArrayNode strings(List<String> values) {
    return strings(values.toArray(String[]::new));
  }

  /** apiVersion, kind and metadata.name (+ namespace when given), in the order kubectl prints them. */
  public static ObjectNode resource(String apiVersion, String kind, String name, String namespace) {
    ObjectNode node = object();
    node.put("apiVersion", apiVersion);
    node.put("kind", kind);
    ObjectNode metadata = node.putObject("metadata");
    metadata.put("name", name);
    if (namespace != null) {
      metadata.put("namespace", namespace);
    }
    return node;
  }

  public static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A mapping whose keys are integers, written as plain integers in the given order. A JSON tree can only
   * hold string keys, and this writer quotes number-like strings, so "50": would come out: a string to any
   * YAML reader. Go readers that decode into map[int]... (Cluster Autoscaler's priority expander:
   * kubernetes/autoscaler, cluster-autoscaler/expander/priority/priority.go, gopkg.in/yaml.v2) refuse it.
   */
  public static String writeIntegerKeyed(Map<Integer, ? extends JsonNode> entries) {
    StringBuilder out = new StringBuilder();
    entries.forEach(
        (key, value) -> {
          out.append(key.intValue()).append(":\n");
          // Jackson indents a top-level sequence by its own rule; re-indent it by two under the key.
          List<String> lines = write(value).lines().toList();
          int common = lines.stream().mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
          lines.forEach(line -> out.append("  ").append(line.substring(common)).append('\n'));
        });
    return out.toString();
  }

  /** A Kubernetes object as a document named after its kind and name, e.g. scaledobject-etl.yaml. */
  public static Document document(ObjectNode resource) {
    String kind = resource.path("kind").asText().toLowerCase(Locale.ROOT);
    String name = resource.path("metadata").path("name").asText();
    return Document.object(kind + "-" + name + ".yaml", write(resource));
  }

  public static JsonNode read(String yaml) {
    try {
      return MAPPER.readTree(yaml);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
