package io.sparkscale.simulate.report;

import io.sparkscale.simulate.TimelinePoint;
import io.sparkscale.simulate.TimelineSink;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Every timeline point to a CSV file as it comes (no memory kept), moved into place when the run is done. */
public final class TimelineCsv implements TimelineSink, AutoCloseable {

  public static final String HEADER = "t,backlogObjects,backlogBytes,replicas,readyReplicas,nodes";

  private final AtomicFile file;
  private final Writer out;
  private final StringBuilder line = new StringBuilder(64);

  public TimelineCsv(Path target) {
    this.file = new AtomicFile(target);
    try {
      this.out = new BufferedWriter(new OutputStreamWriter(file.open(), StandardCharsets.UTF_8), 1 << 16);
      out.write(HEADER);
      out.write('\n');
    } catch (IOException e) {
      file.close();
      throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void accept(TimelinePoint p) {
    line.setLength(0);
    Numbers.appendSeconds(line, p.t());
    line.append(',').append(p.backlogObjects()).append(',').append(p.backlogBytes()).append(',')
        .append(p.replicas()).append(',').append(p.readyReplicas()).append(',').append(p.nodes()).append('\n');
    try {
      out.append(line);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the timeline: " + e.getMessage(), e);
    }
  }

  /** Flushes and moves the file into place. */
  public void commit() {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the timeline: " + e.getMessage(), e);
    }
    file.commit();
  }

  @Override
  public void close() {
    try {
      out.close();
    } catch (IOException ignored) {
      // closing after a failure: the temporary file is deleted below
    }
    file.close();
  }
}
