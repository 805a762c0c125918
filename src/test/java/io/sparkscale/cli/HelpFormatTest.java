package io.sparkscale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * picocli runs every description through String.format when it reads it (ArgSpec.description()), so a bare '%'
 * ("3%", "20 %)") makes it print "[picocli WARN] Could not format ..." on stderr every time a command parses,
 * help or not. Every description of every command and option must format cleanly ('%%' for a percent sign).
 */
class HelpFormatTest {

  @Test
  void everyDescriptionFormatsWithoutAWarning() {
    CommandLine root = CommandLineSetup.configure(new CommandLine(new SparkscaleCommand()));
    ByteArrayOutputStream warnings = new ByteArrayOutputStream();
    PrintStream stderr = System.err;
    // picocli's tracer writes to System.err as it is when the warning is raised.
    System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
    try {
      readDescriptions(root);
    } finally {
      System.setErr(stderr);
    }
    assertThat(warnings.toString(StandardCharsets.UTF_8)).as("picocli's warnings").doesNotContain("Could not format");
  }

  @Test
  void theHeadroomHelpShowsAPercentSign() {
    CliRunner.Result help = CliRunner.run("rightsize", "--help");
    assertThat(help.out()).contains("e.g. 3%. Default: 3%.").doesNotContain("3%%");
  }

  private static void readDescriptions(CommandLine command) {
    CommandSpec spec = command.getCommandSpec();
    spec.usageMessage().description();
    for (ArgSpec arg : spec.args()) {
      arg.description();
    }
    command.getSubcommands().values().forEach(HelpFormatTest::readDescriptions);
  }
}
