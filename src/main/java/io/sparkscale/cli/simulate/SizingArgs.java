package io.sparkscale.cli.simulate;

import io.sparkscale.cli.RightsizeOptions;
import io.sparkscale.units.InvalidInputException;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;

/** A ScaledJob's claim init-container flags read back as rightsize options. */
final class SizingArgs {

  private SizingArgs() {}

  /** Holds the options picocli fills from a ScaledJob's rightsize flags. */
  static final class Holder {
    @Mixin RightsizeOptions sizing;
  }

  /** The sizing a ScaledJob's Jobs use: its init container's rightsize flags. */
  static RightsizeOptions parse(String source, List<String> args) {
    Holder holder = new Holder();
    try {
      new CommandLine(holder).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args.toArray(String[]::new));
    } catch (CommandLine.ParameterException e) {
      throw new InvalidInputException("--scaled-job: " + source + ": the claim init container's rightsize flags: "
          + e.getMessage());
    }
    return holder.sizing;
  }
}
