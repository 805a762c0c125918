package io.sparkscale.cli.render;

import io.sparkscale.cli.options.Converters;
import picocli.CommandLine.Option;

/**
 * --name and --namespace of the object a render command writes (its main one; the others are named after
 * it). Shared by scaledobject, scaledjob, sparkapplication and sparkcluster; each kind may refuse more
 * (a SparkCluster's name must leave room for the operator's suffixes).
 */
public class ObjectMetadataOptions {

  @Option(names = "--name", required = true, paramLabel = "NAME", converter = Converters.KubernetesName.class,
      description = "Name of the object (${COMMAND-NAME}); the objects rendered with it are named after it.")
  String name;

  @Option(names = "--namespace", paramLabel = "NAMESPACE", converter = Converters.KubernetesName.class,
      description = "Namespace (default: none, kubectl's current).")
  String namespace;

  public String name() {
    return name;
  }

  /** Null when not given: the manifests then carry none, and kubectl applies them to its current one. */
  public String namespace() {
    return namespace;
  }
}
