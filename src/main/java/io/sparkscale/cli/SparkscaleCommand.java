package io.sparkscale.cli;

import io.quarkus.picocli.runtime.annotations.TopCommand;
import io.sparkscale.cli.render.RenderCommand;
import io.sparkscale.cli.simulate.SimulateCommand;
import picocli.CommandLine.Command;

/** The `sparkscale` command: a family of subcommands, one class each. */
@TopCommand
@Command(
    name = "sparkscale",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Autoscale Spark on Kubernetes: a KEDA external scaler for pending S3 data, "
          + "executor rightsizing for the nodes you run on, and the manifests to apply."
    },
    subcommands = {RightsizeCommand.class, RenderCommand.class, SimulateCommand.class, ServeCommand.class,
        ProbeCommand.class, ClaimCommand.class})
public class SparkscaleCommand {}
