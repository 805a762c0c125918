package io.sparkscale.cli.simulate;

import io.sparkscale.simulate.report.TimelinePlot;
import io.sparkscale.units.InvalidInputException;
import io.sparkscale.units.SafeText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Option;

/** What `simulate` writes: the summary (table or JSON) on stdout, a timeline CSV and a plot as files. */
public class OutputOptions {

  @Option(names = "--format", paramLabel = "FORMAT", description = "table or json. Default: table.")
  String format;

  @Option(names = "--timeline", paramLabel = "FILE.csv",
      description = "Every change of backlog, replicas and nodes, as CSV (t,backlogObjects,...).")
  Path timeline;

  @Option(names = "--plot", paramLabel = "FILE.png|FILE.svg",
      description = "Backlog, replicas and nodes over time, as a PNG or SVG chart.")
  Path plot;

  public boolean json() {
    if (format == null) {
      return false;
    }
    return switch (format.strip().toLowerCase(Locale.ROOT)) {
      case "table" -> false;
      case "json" -> true;
      default -> throw InvalidInputException.badValue("--format", format, "use table or json");
    };
  }

  /** Whether a timeline has to be kept in memory (downsampled): for the JSON or the plot. */
  public boolean keepsTimeline() {
    return json() || plot != null;
  }

  public Path timeline() {
    return timeline;
  }

  public Path plot() {
    return plot;
  }

  /** Checks every output before the run, so a run is never wasted on a file it cannot write. */
  public void check() {
    json();
    if (plot != null && TimelinePlot.formatOf(plot) == null) {
      throw InvalidInputException.badValue("--plot", plot.toString(), "name a .png or .svg file");
    }
    if (plot != null && timeline != null && plot.toAbsolutePath().normalize()
        .equals(timeline.toAbsolutePath().normalize())) {
      throw new InvalidInputException("--plot/--timeline: name two different files");
    }
    writable("--timeline", timeline);
    writable("--plot", plot);
  }

  private static void writable(String option, Path file) {
    if (file == null) {
      return;
    }
    Path parent = file.toAbsolutePath().getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      throw new InvalidInputException(option + ": the directory of '" + SafeText.quote(file.toString())
          + "' does not exist; create it or name a file in an existing directory");
    }
    if (Files.isDirectory(file)) {
      throw new InvalidInputException(option + ": '" + SafeText.quote(file.toString()) + "' is a directory; name a"
          + " file");
    }
  }
}
