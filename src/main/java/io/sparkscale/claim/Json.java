package io.sparkscale.claim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** The JSON of markers and manifests: small trees, instants as ISO-8601 text. */
final class Json {

  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Json() {}

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  static byte[] bytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static String text(JsonNode node) {
    return new String(bytes(node), StandardCharsets.UTF_8) + "\n";
  }

  /** The tree, or null when the text is not a JSON object. */
  static JsonNode parse(byte[] body) {
    try {
      JsonNode node = MAPPER.readTree(body);
      return node != null && node.isObject() ? node : null;
    } catch (java.io.IOException e) {
      return null;
    }
  }

  /** A required text field; IllegalArgumentException naming it when absent. */
  static String field(JsonNode node, String name) {
    JsonNode value = node.get(name);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException("'" + name + "' is missing or not text");
    }
    return value.asText();
  }

  static Instant instant(JsonNode node, String name) {
    try {
      return Instant.parse(field(node, name));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("'" + name + "' is not an ISO-8601 instant");
    }
  }

  static long number(JsonNode node, String name) {
    JsonNode value = node.get(name);
    if (value == null || !value.canConvertToLong() || value.asLong() < 0) {
      throw new IllegalArgumentException("'" + name + "' is missing or not a whole number of 0 or more");
    }
    return value.asLong();
  }
}
