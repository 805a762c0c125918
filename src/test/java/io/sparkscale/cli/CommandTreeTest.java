package io.sparkscale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** A pruned branch behaves as the same branch of the whole tree, and only what the arguments name is built. */
class CommandTreeTest {

  @Test
  void aSubcommandGetsOnlyItsBranch() {
    CommandLine tree = pruned("rightsize", "--data-size", "1TB");

    assertThat(tree.getSubcommands()).containsOnlyKeys("rightsize");
    assertThat(tree.getSubcommands().get("rightsize").getCommandSpec().qualifiedName())
        .isEqualTo("sparkscale rightsize");
  }

  @Test
  void eachLevelOnTheWayIsPruned() {
    CommandLine render = pruned("render", "scaledobject", "--help").getSubcommands().get("render");

    assertThat(render.getSubcommands()).containsOnlyKeys("scaledobject");
  }

  @Test
  void helpVersionNothingOrAnUnknownNameGetTheWholeTree() {
    List<String> all = List.copyOf(whole().getSubcommands().keySet());
    for (String[] args : List.of(new String[] {}, new String[] {"--help"}, new String[] {"--version"},
        new String[] {"rightsise"}, new String[] {"--verbose", "rightsize"})) {
      assertThat(pruned(args).getSubcommands().keySet()).as(String.join(" ", args)).containsExactlyElementsOf(all);
    }
    assertThat(pruned("render", "--help").getSubcommands().get("render").getSubcommands())
        .hasSameSizeAs(whole().getSubcommands().get("render").getSubcommands());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("commandPaths")
  void helpReadsTheSame(String path) {
    assertSameRun(path + " --help");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("commandPaths")
  void badUsageFailsTheSame(String path) {
    Run run = assertSameRun(path + " --no-such-option");
    assertThat(run.exit).isEqualTo(CommandLineSetup.EXIT_BAD_INPUT);
  }

  @Test
  void aRunPrintsTheSame() {
    Run run = assertSameRun("rightsize --data-size 1TB --format json");
    assertThat(run.exit).isZero();
    assertThat(run.out).contains("\"executor\"");
    assertThat(assertSameRun("rightsize --data-size 1ZB").err).startsWith("sparkscale rightsize: --data-size: '1ZB'");
  }

  /** Every command below the top, by its path of names ("render scaledobject"). */
  static Stream<String> commandPaths() {
    List<String> paths = new ArrayList<>();
    collect(whole(), "", paths);
    return paths.stream();
  }

  private static void collect(CommandLine command, String prefix, List<String> paths) {
    command.getSubcommands().forEach((name, sub) -> {
      paths.add(prefix + name);
      collect(sub, prefix + name + " ", paths);
    });
  }

  record Run(int exit, String out, String err) {}

  private static Run assertSameRun(String line) {
    String[] args = line.split(" ");
    Run expected = run(whole(), args);
    Run actual = run(pruned(args), args);
    assertThat(actual).as(line).isEqualTo(expected);
    return actual;
  }

  static Run run(CommandLine commandLine, String[] args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int exit = commandLine.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  static CommandLine whole() {
    return CommandLineSetup.configure(new CommandLine(new SparkscaleCommand()));
  }

  private static CommandLine pruned(String... args) {
    return CommandLineSetup.configure(
        CommandTree.forArguments(SparkscaleCommand.class, args, CommandLine.defaultFactory()));
  }
}
