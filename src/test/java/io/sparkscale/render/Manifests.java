package io.sparkscale.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Test entry point: parse multi-document YAML and check every document against its schema or model. */
public final class Manifests {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private Manifests() {}

  public static List<JsonNode> parse(String multiDocumentYaml) {
    List<JsonNode> documents = new ArrayList<>();
    try (YAMLParser parser = new YAMLFactory().createParser(multiDocumentYaml)) {
      var it = YAML.readValues(parser, JsonNode.class);
      while (it.hasNext()) {
        JsonNode node = it.next();
        if (node != null && !(node instanceof NullNode) && !node.isMissingNode()) {
          documents.add(node);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return documents;
  }

  /** Errors of one Kubernetes object: its CRD schema or built-in model, and its metadata. */
  public static List<String> errors(JsonNode resource) {
    List<String> errors = new ArrayList<>();
    String id = resource.path("kind").asText() + "/" + resource.path("metadata").path("name").asText();
    if (CrdSchemas.knows(resource)) {
      CrdSchemas.validate(resource).forEach(e -> errors.add(id + ": " + e));
      KubernetesModels.validateMetadata(resource).forEach(e -> errors.add(id + ": " + e));
    } else if (KubernetesModels.knows(resource)) {
      KubernetesModels.validate(resource).forEach(e -> errors.add(id + ": " + e));
    } else {
      errors.add(id + ": no schema or model to validate " + resource.path("apiVersion").asText());
    }
    return errors;
  }

  /** Parses and validates every document; returns them for further assertions. */
  public static List<JsonNode> assertValid(String multiDocumentYaml) {
    List<JsonNode> documents = parse(multiDocumentYaml);
    assertThat(documents).as("documents in output").isNotEmpty();
    List<String> errors = new ArrayList<>();
    documents.forEach(d -> errors.addAll(errors(d)));
    assertThat(errors).as("schema errors in:\n" + multiDocumentYaml).isEmpty();
    return documents;
  }
}
