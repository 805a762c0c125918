package io.sparkscale.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.sparkscale.units.InvalidInputException;
import io.sparkscale.units.SafeText;
import java.util.ArrayList;
import java.util.List;

/**
 * A node of a manifest being read back, with its path ({@code spec.triggers[0].metadata}), so every error
 * names the field: "FILE: spec.maxReplicaCount: 'ten' is not a whole number; use ...".
 */
record ManifestNode(String prefix, String path, JsonNode node) {

  static ManifestNode root(String prefix, JsonNode node) {
    return new ManifestNode(prefix, "", node);
  }

  ManifestNode get(String field) {
    JsonNode child = node.isObject() ? node.get(field) : null;
    return new ManifestNode(prefix, path.isEmpty() ? field : path + "." + field,
        child == null || child.isNull() ? MissingNode.getInstance() : child);
  }

  boolean present() {
    return !node.isMissingNode();
  }

  /** A mapping here, or absent; anything else is an error. */
  ManifestNode object() {
    if (present() && !node.isObject()) {
      throw error("is not a mapping");
    }
    return this;
  }

  ManifestNode requiredObject() {
    if (!present()) {
      throw error("is required");
    }
    return object();
  }

  /** The elements of a list here (none when absent). */
  List<ManifestNode> list() {
    if (!present()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw error("is not a list");
    }
    List<ManifestNode> items = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      items.add(new ManifestNode(prefix, path + "[" + i + "]", node.get(i)));
    }
    return items;
  }

  String text(String defaultValue) {
    if (!present()) {
      return defaultValue;
    }
    if (!node.isTextual()) {
      throw error("'" + SafeText.quote(node.toString()) + "' is not a string");
    }
    return node.asText();
  }

  String requiredText() {
    String value = text(null);
    if (value == null) {
      throw error("is required");
    }
    return value;
  }

  /** A whole number from min to max, as Kubernetes' integer fields take it (a number, not a string). */
  Integer integer(Integer defaultValue, int min, int max) {
    if (!present()) {
      return defaultValue;
    }
    if (!node.isIntegralNumber() || !node.canConvertToInt() || node.asInt() < min || node.asInt() > max) {
      throw error("'" + SafeText.quote(node.toString()) + "' is not valid; use a whole number from " + min
          + " to " + max);
    }
    return node.asInt();
  }

  boolean bool(boolean defaultValue) {
    if (!present()) {
      return defaultValue;
    }
    if (!node.isBoolean()) {
      throw error("'" + SafeText.quote(node.toString()) + "' is not valid; use true or false");
    }
    return node.asBoolean();
  }

  int requiredInteger(int min, int max) {
    Integer value = integer(null, min, max);
    if (value == null) {
      throw error("is required");
    }
    return value;
  }

  /** The text values of a list of strings. */
  List<String> strings() {
    List<String> values = new ArrayList<>();
    for (ManifestNode item : list()) {
      values.add(item.requiredText());
    }
    return values;
  }

  /** Refuses a field sparkscale's model leaves out, because it would change what the simulation means. */
  void refuse(String field, String why) {
    ManifestNode child = get(field);
    if (child.present()) {
      throw child.error(why);
    }
  }

  InvalidInputException error(String what) {
    return new InvalidInputException(prefix + (path.isEmpty() ? "" : path + ": ") + what);
  }

  /** An error raised by a model's constructor, put under this node's path. */
  InvalidInputException wrap(InvalidInputException e) {
    return error(e.getMessage());
  }
}
