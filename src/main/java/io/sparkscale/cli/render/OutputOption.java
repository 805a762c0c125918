package io.sparkscale.cli.render;

import io.sparkscale.render.Document;
import io.sparkscale.render.Yaml;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** -o DIR: one file per document instead of stdout. */
public class OutputOption {

  @Option(
      names = {"-o", "--output-dir"},
      paramLabel = "DIR",
      description = "Write one file per document into DIR (created if missing) instead of stdout.")
  Path directory;

  /**
   * Everything is rendered before this is called, so bad input never writes anything; each file is written
   * to a temporary name in DIR and then renamed, so a reader never sees half a file.
   */
  void emit(CommandSpec spec, List<Document> documents) {
    PrintWriter out = spec.commandLine().getOut();
    if (directory == null) {
      out.print(Yaml.join(documents));
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
   * rw-r--r--: the files are meant to be read by others (a Spark image's user, kubectl in CI). A temp file is
   * created 0600 by the JDK, and a rename keeps that mode, so it is set explicitly before the move.
   */
  static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-r--r--");

  public static void writeAtomically(Path target, String text) throws IOException {
    Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
    try {
      Files.writeString(temp, text);
      if (Files.getFileStore(temp).supportsFileAttributeView(PosixFileAttributeView.class)) {
        Files.setPosixFilePermissions(temp, FILE_MODE);
      }
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
