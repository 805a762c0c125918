package io.sparkscale.cli;

import io.quarkus.picocli.runtime.PicocliRunner;
import io.quarkus.runtime.ApplicationLifecycleManager;
import io.quarkus.runtime.Quarkus;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IFactory;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The application's entry point (quarkus.package.main-class). Starting Quarkus (configuration, the log
 * manager, CDI) cost a CLI run more than the command itself, and `rightsize` and `render` use none of it: a
 * command line that only computes and prints (see {@link Standalone}) runs on picocli alone, with the same
 * error handling, as the tests run every command. Everything else (`serve`, `probe`, a size measured on S3,
 * help and version of the top command) starts Quarkus and runs through quarkus-picocli.
 */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    Optional<CommandLine> standalone = standalone(args);
    if (standalone.isPresent()) {
      CommandLine commandLine = standalone.get();
      int exit = commandLine.execute(args);
      commandLine.getOut().flush();
      commandLine.getErr().flush();
      // 0: main returns and the JVM ends, as no thread is left. Otherwise Quarkus' exit handler: System.exit, or
      // what a Quarkus main test collects. Not for 0 too: the handler starts the JBoss log manager (a debug
      // line), about a tenth of a CLI run.
      if (exit != 0) {
        ApplicationLifecycleManager.getDefaultExitCodeHandler().accept(exit, null);
      }
    } else {
      Quarkus.run(PicocliRunner.class, args);
    }
  }

  /** The command line sparkscale runs for these arguments: only their branch, with its error handling. */
  public static CommandLine commandLine(String[] args, IFactory factory) {
    return CommandLineSetup.configure(CommandTree.forArguments(SparkscaleCommand.class, args, factory));
  }

  /** The command line to run without Quarkus, or empty when these arguments need it. */
  static Optional<CommandLine> standalone(String[] args) {
    boolean candidate = args.length > 0 && CommandTree
        .subcommandNamed(SparkscaleCommand.class.getAnnotation(Command.class), args[0])
        .filter(Standalone.class::isAssignableFrom)
        .isPresent();
    if (!candidate) {
      return Optional.empty();
    }
    CommandLine commandLine = commandLine(args, CommandLine.defaultFactory());
    try {
      for (ParseResult level = commandLine.parseArgs(args); level != null; level = level.subcommand()) {
        if (!agrees(level.commandSpec())) {
          return Optional.empty();
        }
      }
    } catch (ParameterException e) {
      // Bad usage: reported by picocli and CommandLineSetup when the command line runs, the same either way.
    }
    return Optional.of(commandLine);
  }

  private static boolean agrees(CommandSpec spec) {
    if (spec.userObject() instanceof Standalone part && !part.standalone()) {
      return false;
    }
    return spec.mixins().values().stream().allMatch(Main::agrees);
  }
}
