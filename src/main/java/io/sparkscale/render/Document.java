package io.sparkscale.render;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One rendered output: the file it goes to with {@code -o DIR}, its text, and what it is, which decides what
 * stdout may carry: Kubernetes objects form one stream kubectl applies; anything else (a spark-defaults.conf,
 * a script, chart values, a pod template) stands alone.
 *
 * @param fileOnly written only as a file: a copy, in the form a tool outside the cluster reads, of what an
 *     object on stdout already carries (a SparkCluster's client spark-defaults.conf beside its ConfigMap)
 */
public record Document(String fileName, String text, Form form, boolean fileOnly) {

  /** What a document is, as its reader sees it. */
  public enum Form {
    /** A Kubernetes object: apiVersion, kind, metadata.name; kubectl applies it. */
    KUBERNETES_OBJECT,
    /** YAML that is not an object: chart values, a Spark pod template. */
    YAML,
    /** Anything else: spark-defaults.conf, a shell script. */
    PLAIN
  }

  private static final Pattern FILE_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");

  public Document {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(form, "form");
    // File names come from object names the user typed; keep them to one safe path segment.
    if (fileName == null || !FILE_NAME.matcher(fileName).matches()) {
      throw new IllegalArgumentException("not a safe file name: " + fileName);
    }
  }

  /** A Kubernetes object; {@link Yaml#document} makes these from a resource and names the file after it. */
  public static Document object(String fileName, String text) {
    return new Document(fileName, text, Form.KUBERNETES_OBJECT, false);
  }

  /** YAML that is not a Kubernetes object. */
  public static Document yaml(String fileName, String text) {
    return new Document(fileName, text, Form.YAML, false);
  }

  public static Document plain(String fileName, String text) {
    return new Document(fileName, text, Form.PLAIN, false);
  }

  /** This document, written with -o DIR only. */
  public Document onlyAsFile() {
    return new Document(fileName, text, form, true);
  }

  public boolean kubernetesObject() {
    return form == Form.KUBERNETES_OBJECT;
  }

  public boolean yaml() {
    return form != Form.PLAIN;
  }
}
