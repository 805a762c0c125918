package io.sparkscale.cli.simulate;

import io.sparkscale.cli.RightsizeOptions;
import io.sparkscale.units.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/** The rightsize flags of a command as typed, and back: a ScaledJob's init-container flags read as options. */
final class SizingArgs {

  private SizingArgs() {}

  /** The matched options of the named mixin, each with its values as typed. */
  static List<String> typed(CommandSpec spec, String mixin) {
    ParseResult parsed = spec.commandLine().getParseResult();
    List<String> args = new ArrayList<>();
    for (OptionSpec option : spec.mixins().get(mixin).options()) {
      if (!parsed.hasMatchedOption(option)) {
        continue;
      }
      if (option.arity().max() == 0) {
        args.add(option.longestName());
      } else {
        for (String value : option.originalStringValues()) {
          args.add(option.longestName());
          args.add(value);
        }
      }
    }
    return args;
  }

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
      throw new InvalidInputException("--scaled-job: " + source + ": the rightsize init container's flags: "
          + e.getMessage());
    }
    return holder.sizing;
  }
}
