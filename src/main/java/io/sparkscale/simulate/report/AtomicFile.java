package io.sparkscale.simulate.report;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * A file written under a temporary name beside its target and renamed into place when complete, so a reader
 * (or a failed run) never leaves half a file. {@link #commit} moves it; {@link #close} without a commit deletes
 * it.
 */
public final class AtomicFile implements AutoCloseable {

  /** rw-r--r--, as any file a command writes. */
  public static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-r--r--");

  private final Path target;
  private final Path temp;
  private boolean committed;

  public AtomicFile(Path target) {
    this.target = target.toAbsolutePath();
    try {
      Path parent = this.target.getParent();
      this.temp = Files.createTempFile(parent, "." + this.target.getFileName(), ".tmp");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
    }
  }

  public Path temp() {
    return temp;
  }

  public OutputStream open() throws IOException {
    return Files.newOutputStream(temp);
  }

  /** Writes {@code text} to {@code target} whole, or not at all. */
  public static void write(Path target, String text) throws IOException {
    try (AtomicFile file = new AtomicFile(target)) {
      Files.writeString(file.temp(), text, StandardCharsets.UTF_8);
      file.commit();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  public void commit() {
    try {
      // A temp file is created 0600 and a rename keeps that; the files are meant to be read by others.
      if (Files.getFileStore(temp).supportsFileAttributeView(PosixFileAttributeView.class)) {
        Files.setPosixFilePermissions(temp, FILE_MODE);
      }
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      committed = true;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    if (!committed) {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException ignored) {
        // nothing more can be done; the temporary name starts with a dot
      }
    }
  }
}
