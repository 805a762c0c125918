package io.sparkscale.cli;

import java.util.Arrays;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IFactory;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The command tree one invocation needs. picocli builds every command's model (fields, options, mixins,
 * converters) up front, and building all of sparkscale's costs several times what `rightsize` itself does;
 * so when the arguments start with a subcommand's name, only that branch is built.
 *
 * <p>A level on the way is kept by name and command attributes only (its options are left out): the next
 * argument is the subcommand, so none of that level's options can be on the line. Anything else (no
 * arguments, an option first, --help, --version, a name that is not a subcommand) gets the whole tree,
 * so help, version and "did you mean" read exactly as before. The annotations' {@code subcommands} stay
 * the one list of commands; CommandTreeTest checks that a pruned branch parses, prints and fails like
 * the same branch of the whole tree.
 */
public final class CommandTree {

  private CommandTree() {}

  /** {@code top}'s tree for these arguments, with instances from {@code factory} (CDI under Quarkus). */
  public static CommandLine forArguments(Class<?> top, String[] args, IFactory factory) {
    return branch(top, args, 0, factory);
  }

  private static CommandLine branch(Class<?> command, String[] args, int at, IFactory factory) {
    Command annotation = command.getAnnotation(Command.class);
    Optional<Class<?>> named = at < args.length ? subcommandNamed(annotation, args[at]) : Optional.empty();
    if (named.isEmpty()) {
      return new CommandLine(command, factory);
    }
    CommandSpec spec = CommandSpec.wrapWithoutInspection(create(factory, command), factory);
    spec.updateCommandAttributes(annotation, factory);
    CommandLine level = new CommandLine(spec, factory);
    level.addSubcommand(branch(named.get(), args, at + 1, factory));
    return level;
  }

  /** The subcommand whose name or alias is exactly {@code argument}, read from the annotations alone. */
  static Optional<Class<?>> subcommandNamed(Command annotation, String argument) {
    return Arrays.stream(annotation.subcommands())
        .filter(sub -> {
          Command attributes = sub.getAnnotation(Command.class);
          return attributes != null && (attributes.name().equals(argument)
              || Arrays.asList(attributes.aliases()).contains(argument));
        })
        .findFirst();
  }

  private static Object create(IFactory factory, Class<?> command) {
    try {
      return factory.create(command);
    } catch (Exception e) {
      throw new CommandLine.InitializationException("cannot create " + command.getName() + ": " + e, e);
    }
  }
}
