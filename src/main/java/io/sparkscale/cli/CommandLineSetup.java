package io.sparkscale.cli;

import io.quarkus.picocli.runtime.PicocliCommandLineFactory;
import io.sparkscale.units.InvalidInputException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Exit codes and error output for every command: 0 success, 1 runtime failure, 2 bad usage or bad input.
 * Errors are one line on stderr; the stack trace only with --verbose.
 */
@ApplicationScoped
public class CommandLineSetup {

  public static final int EXIT_RUNTIME_FAILURE = 1;
  public static final int EXIT_BAD_INPUT = 2;

  @Produces
  CommandLine commandLine(PicocliCommandLineFactory factory) {
    return configure(factory.create());
  }

  /** Applies sparkscale's error handling; tests use it to run commands in-process. */
  public static CommandLine configure(CommandLine commandLine) {
    return commandLine
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setParameterExceptionHandler(CommandLineSetup::onBadUsage)
        .setExecutionExceptionHandler(CommandLineSetup::onFailure);
  }

  private static int onBadUsage(ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    command.getErr().println(prefix(command) + e.getMessage() + " (see --help)");
    return EXIT_BAD_INPUT;
  }

  private static int onFailure(Exception e, CommandLine command, ParseResult parseResult) {
    PrintWriter err = command.getErr();
    if (verbose(parseResult)) {
      e.printStackTrace(err);
    }
    if (e instanceof InvalidInputException) {
      err.println(prefix(command) + e.getMessage());
      return EXIT_BAD_INPUT;
    }
    err.println(prefix(command) + "error: " + describe(e));
    return EXIT_RUNTIME_FAILURE;
  }

  private static boolean verbose(ParseResult parseResult) {
    for (ParseResult result = parseResult; result != null; result = result.subcommand()) {
      if (result.hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message.strip();
  }

  private static String prefix(CommandLine command) {
    return command.getCommandSpec().qualifiedName() + ": ";
  }
}
