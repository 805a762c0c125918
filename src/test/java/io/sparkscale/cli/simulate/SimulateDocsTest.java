package io.sparkscale.cli.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkscale.cli.CliRunner;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/simulate.md cannot rot: every `$ sparkscale ...` command in it is run, every output line it shows
 * ("..." skips lines) comes out in that order, every plot it writes under docs/ is the committed image's
 * size, and every figure in its prose is one the commands print.
 */
class SimulateDocsTest {

  private static final Path DOC = Paths.get(System.getProperty("project.basedir", "."), "docs", "simulate.md");
  private static final Pattern CONSOLE = Pattern.compile("```console\\n(.*?)```", Pattern.DOTALL);

  @Test
  void everyDocumentedCommandPrintsWhatTheDocShows(@TempDir Path dir) throws Exception {
    String doc = Files.readString(DOC);
    Matcher block = CONSOLE.matcher(doc);
    StringBuilder printed = new StringBuilder();
    int commands = 0;
    while (block.find()) {
      List<String> lines = List.of(block.group(1).split("\n"));
      assertThat(lines.get(0)).startsWith("$ sparkscale ");
      List<String> args = new ArrayList<>();
      List<Path> plots = new ArrayList<>();
      for (String word : lines.get(0).substring("$ sparkscale ".length()).trim().split("\\s+")) {
        if (word.startsWith("docs/")) {
          plots.add(Paths.get(System.getProperty("project.basedir", ".")).resolve(word));
          word = dir.resolve(word.substring("docs/".length())).toString();
        }
        args.add(word);
      }
      CliRunner.Result result = CliRunner.run(args.toArray(String[]::new));
      assertThat(result.exitCode()).as(result.err()).isZero();
      printed.append(result.out()).append(String.join(" ", args)).append('\n');
      List<String> out = List.of(result.out().split("\n"));
      int at = 0;
      for (String expected : lines.subList(1, lines.size())) {
        if (expected.equals("...")) {
          continue;
        }
        int found = out.subList(at, out.size()).indexOf(expected);
        assertThat(found).as("docs/simulate.md shows a line the command does not print (in order): %s", expected)
            .isNotNegative();
        at += found + 1;
      }
      for (Path committed : plots) {
        BufferedImage mine = ImageIO.read(committed.toFile());
        BufferedImage fresh = ImageIO.read(dir.resolve(committed.getFileName()).toFile());
        assertThat(mine).as("%s is committed", committed).isNotNull();
        assertThat(mine.getWidth()).isEqualTo(fresh.getWidth());
        assertThat(mine.getHeight()).isEqualTo(fresh.getHeight());
      }
      commands++;
    }
    assertThat(commands).isEqualTo(3);
    String prose = doc.substring(doc.indexOf("## A worked example")).replaceAll("(?s)```.*?```", "");
    Matcher figure = Pattern.compile("\\d[\\d,]*\\.\\d+").matcher(prose);
    List<String> figures = new ArrayList<>();
    while (figure.find()) {
      figures.add(figure.group());
      assertThat(printed.toString()).as("a figure in the prose the commands do not print").contains(figure.group());
    }
    assertThat(figures).contains("7.497", "144.7808", "77.2192");
  }
}
