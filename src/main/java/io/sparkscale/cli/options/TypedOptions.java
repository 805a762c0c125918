package io.sparkscale.cli.options;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/** The options a user gave, as typed: what a command passes on to another one (a ScaledJob's Jobs, say). */
public final class TypedOptions {

  private TypedOptions() {}

  /** The matched options of the named mixin, in declaration order, each with its values as typed. */
  public static List<String> ofMixin(CommandSpec spec, String mixin) {
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
}
