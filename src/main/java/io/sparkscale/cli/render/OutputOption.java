package io.sparkscale.cli.render;

import io.sparkscale.render.Document;
import io.sparkscale.simulate.report.AtomicFile;
import io.sparkscale.units.InvalidInputException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * -o DIR: one file per document instead of stdout. Stdout carries what one tool reads whole: Kubernetes
 * objects only (`| kubectl apply -f -`), or a single other document (a spark-defaults.conf, a script, chart
 * values). An output that is neither can only be written as files, and says so.
 */
public class OutputOption {

  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  @Option(
      names = {"-o", "--output-dir"},
      paramLabel = "DIR",
      description = "Write one file per document into DIR (created if missing) instead of stdout.")
  Path directory;

  /** Whether the output goes to files: a command may then add what only a file can carry. */
  boolean toDirectory() {
    return directory != null;
  }

  /**
   * Everything is rendered before this is called, so bad input never writes anything; each file is written
   * to a temporary name in DIR and then renamed, so a reader never sees half a file.
   */
  void emit(List<Document> documents) {
    PrintWriter out = mixee.commandLine().getOut();
    if (directory == null) {
      out.print(stdout(documents));
      out.flush();
      return;
    }
    try {
      Files.createDirectories(directory);
      for (Document document : documents) {
        Path target = directory.resolve(document.fileName());
        writeAtomically(target, document.text());
        out.println("wrote " + target);
      }
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write to " + directory + ": " + e.getMessage(), e);
    }
  }

  /**
   * Kubernetes objects separated by ---, or the one document there is. Documents that only a file can carry
   * (a copy of what an object on stdout holds) are left out.
   */
  public static String stdout(List<Document> documents) {
    List<Document> shown = documents.stream().filter(d -> !d.fileOnly()).toList();
    if (shown.size() == 1) {
      return shown.get(0).text();
    }
    if (shown.stream().allMatch(Document::kubernetesObject)) {
      return shown.stream().map(Document::text).collect(Collectors.joining("---\n"));
    }
    throw new InvalidInputException("-o: " + shown.stream().map(Document::fileName).collect(Collectors.joining(", "))
        + " cannot share stdout, which carries Kubernetes objects for kubectl or a single other file; add -o DIR"
        + " to write them as files");
  }

  /** Whole or not at all, rw-r--r--: the files are meant to be read by others (a Spark image's user, kubectl). */
  public static void writeAtomically(Path target, String text) throws IOException {
    AtomicFile.write(target, text);
  }
}
