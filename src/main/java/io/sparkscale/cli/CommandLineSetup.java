package io.sparkscale.cli;

import io.quarkus.runtime.annotations.CommandLineArguments;
import io.sparkscale.cli.options.OptionConverter.BadOptionValue;
import io.sparkscale.cli.options.Requirements;
import io.sparkscale.units.InvalidInputException;
import io.sparkscale.units.SafeText;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Help.TextTable;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.UsageMessageSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.RunLast;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Exit codes and error output for every command: 0 success, 1 runtime failure, 2 bad usage or bad input.
 * Errors are one line on stderr; the stack trace only with --verbose.
 */
@ApplicationScoped
public class CommandLineSetup {

  public static final int EXIT_RUNTIME_FAILURE = 1;
  public static final int EXIT_BAD_INPUT = 2;

  /** What Quarkus runs: only the branch of the command tree the arguments name (see CommandTree). */
  @Produces
  CommandLine commandLine(CommandLine.IFactory factory, @CommandLineArguments String[] args) {
    return configure(CommandTree.forArguments(SparkscaleCommand.class, args, factory));
  }

  /** Applies sparkscale's error handling; tests use it to run commands in-process. */
  public static CommandLine configure(CommandLine commandLine) {
    summariesBySentence(commandLine);
    return commandLine
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setParameterExceptionHandler(CommandLineSetup::onBadUsage)
        .setExecutionStrategy(CommandLineSetup::runWhenComplete)
        .setExecutionExceptionHandler(CommandLineSetup::onFailure);
  }

  /**
   * picocli lists a subcommand by the first line of its description, which cut summaries mid-sentence;
   * every command list shows each subcommand's whole first sentence instead, wrapped.
   */
  private static void summariesBySentence(CommandLine commandLine) {
    if (!commandLine.getSubcommands().isEmpty()) {
      commandLine.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_COMMAND_LIST, CommandLineSetup::commandList);
    }
    commandLine.getSubcommands().values().forEach(CommandLineSetup::summariesBySentence);
  }

  private static String commandList(Help help) {
    Map<String, Help> subcommands = help.subcommands();
    if (subcommands.isEmpty()) {
      return "";
    }
    int nameWidth = subcommands.keySet().stream().mapToInt(String::length).max().orElse(0) + 4;
    int width = help.commandSpec().usageMessage().width();
    TextTable table = TextTable.forColumns(help.colorScheme(),
        new Column(nameWidth, 2, Column.Overflow.SPAN),
        new Column(Math.max(20, width - nameWidth), 0, Column.Overflow.WRAP));
    subcommands.forEach((name, sub) ->
        table.addRowValues(name, firstSentence(sub.commandSpec().usageMessage().description())));
    String list = table.toString();
    return list.endsWith("\n") ? list : list + "\n";
  }

  static String firstSentence(String[] description) {
    String text = String.join(" ", description).strip();
    Matcher end = SENTENCE_END.matcher(text);
    return end.find() ? text.substring(0, end.start() + 1) : text;
  }

  /** A full stop then a space, not the one in "e.g." or "i.e.". */
  private static final Pattern SENTENCE_END = Pattern.compile("(?<!e\\.g|i\\.e)\\.\\s");

  /**
   * Runs the command picocli parsed, once the options it needs beyond picocli's required ones are there
   * (see {@link Requirements.Needed}); help and version requests run as they are.
   */
  private static int runWhenComplete(ParseResult parsed) {
    CommandLine command = parsed.asCommandLineList().get(parsed.asCommandLineList().size() - 1);
    boolean help = parsed.asCommandLineList().stream()
        .anyMatch(c -> c.isUsageHelpRequested() || c.isVersionHelpRequested());
    if (!help && command.getCommand() instanceof Requirements.Needed needed) {
      Requirements requirements = new Requirements();
      needed.require(requirements);
      if (!requirements.met()) {
        throw new ParameterException(command, requirements.message());
      }
    }
    return new RunLast().execute(parsed);
  }

  private static int onBadUsage(ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    if (e.getCause() instanceof BadOptionValue bad && e.getArgSpec() instanceof OptionSpec option) {
      // The converter's message already says what is accepted, as every bad-value message does.
      command.getErr().println(prefix(command) + option.longestName() + ": " + bad.getMessage());
      return EXIT_BAD_INPUT;
    }
    String message = e instanceof UnmatchedArgumentException unmatched
        ? splitQuantity(unmatched, args).orElse(e.getMessage())
        : e instanceof MissingParameterException missing ? allMissing(missing) : e.getMessage();
    command.getErr().println(prefix(command) + message + " (see --help)");
    return EXIT_BAD_INPUT;
  }

  /** picocli's missing options and the command's own (it has parsed everything by now), in one line. */
  private static String allMissing(MissingParameterException e) {
    Requirements requirements = new Requirements();
    for (ArgSpec arg : e.getMissing()) {
      requirements.option(arg instanceof OptionSpec option ? option.longestName() : arg.paramLabel(), null);
    }
    if (e.getCommandLine().getCommand() instanceof Requirements.Needed needed) {
      needed.require(requirements);
    }
    return requirements.message();
  }

  /** A unit typed apart from its number, as in `--data-size 1 TB`: say how to write it. */
  private static Optional<String> splitQuantity(UnmatchedArgumentException e, String[] args) {
    List<String> unmatched = e.getUnmatched();
    if (unmatched.isEmpty()) {
      return Optional.empty();
    }
    String unit = unmatched.get(0);
    for (int i = 2; i < args.length; i++) {
      if (args[i].equals(unit) && unit.matches("[a-zA-Z]{1,3}") && args[i - 1].matches("\\d+(\\.\\d+)?")
          && args[i - 2].startsWith("--")) {
        return Optional.of(args[i - 2] + ": write " + args[i - 1] + unit + ", with no space between the number"
            + " and its unit ('" + SafeText.quote(unit) + "' was read as another argument)");
      }
    }
    return Optional.empty();
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
