package io.sparkscale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * picocli prints each element of a description array on a line of its own and wraps an element that is too
 * long, so an element that stops mid-sentence leaves a short line and the sentence continues on the next,
 * at another indent ("... executors on spot" / "nodes with ..."). Every element but the last must end a
 * sentence (or a lead-in ending with ':' or ';'); a paragraph is one element, which picocli wraps itself.
 */
class HelpTextTest {

  @Test
  void noHelpLineIsCutMidPhrase() {
    CommandLine root = CommandLineSetup.configure(new CommandLine(new SparkscaleCommand()));
    List<String> cut = new ArrayList<>();
    collect(root, cut);
    assertThat(cut).as("description elements that stop mid-sentence").isEmpty();
  }

  private static void collect(CommandLine command, List<String> cut) {
    CommandSpec spec = command.getCommandSpec();
    check(spec.qualifiedName(), spec.usageMessage().description(), cut);
    for (ArgSpec arg : spec.args()) {
      String name = arg.isOption() ? ((CommandLine.Model.OptionSpec) arg).longestName() : arg.paramLabel();
      check(spec.qualifiedName() + " " + name, arg.description(), cut);
    }
    command.getSubcommands().values().forEach(sub -> collect(sub, cut));
  }

  private static void check(String where, String[] description, List<String> cut) {
    for (int i = 0; i < description.length - 1; i++) {
      String element = description[i].strip();
      if (!element.isEmpty() && !element.matches("(?s).*[.:;!?]")) {
        cut.add(where + ": \"" + element + "\"");
      }
    }
  }
}
