package io.sparkscale.cli;

import picocli.CommandLine.Option;

/** Mixin for every subcommand: --verbose turns one-line errors into stack traces. */
public class VerboseOption {
  @Option(names = "--verbose", description = "Print stack traces with errors.")
  boolean verbose;
}
