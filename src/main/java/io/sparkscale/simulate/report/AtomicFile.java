package io.sparkscale.simulate.report;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A file written under a temporary name beside its target and renamed into place when complete, so a reader
 * (or a failed run) never leaves half a file. {@link #commit} moves it; {@link #close} without a commit deletes
 * it.
 */
public final class AtomicFile implements AutoCloseable {

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

  public void commit() {
    try {
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
