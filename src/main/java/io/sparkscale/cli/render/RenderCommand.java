package io.sparkscale.cli.render;

import io.sparkscale.cli.Standalone;
import io.sparkscale.cli.VerboseOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** `sparkscale render KIND`: the manifests a cluster needs, one subcommand per kind. */
@Command(
    name = "render",
    mixinStandardHelpOptions = true,
    description = {
      "Print the manifests and configuration that turn autoscaling on.",
      "YAML on stdout; -o DIR writes one file per document."
    },
    subcommands = {
      ScaledObjectCommand.class,
      ScaledJobCommand.class,
      SparkApplicationCommand.class,
      SparkClusterCommand.class,
      SparkConfCommand.class,
      ClusterAutoscalerCommand.class,
      KarpenterCommand.class,
      KedaSidecarCommand.class
    })
public class RenderCommand implements Runnable, Standalone {

  @Spec CommandSpec spec;
  @Mixin VerboseOption verbose;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(),
        "missing KIND; use one of " + String.join(", ", spec.subcommands().keySet()));
  }
}
