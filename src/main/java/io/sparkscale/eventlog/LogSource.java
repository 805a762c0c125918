package io.sparkscale.eventlog;

import java.nio.file.Path;
import java.util.List;

/**
 * The files that make up one application attempt's log, in reading order.
 *
 * @param path what the user passed
 * @param parts the files to read, in order (one for a single-file log, events_N_* for a rolling one)
 * @param rolling whether it is a rolling eventlog_v2_* directory
 * @param inProgress whether Spark still marked the log as being written (".inprogress")
 * @param notes what was chosen or skipped on the way (other attempts, compacted files)
 */
public record LogSource(
    Path path, List<Path> parts, boolean rolling, boolean inProgress, List<String> notes) {
  public LogSource {
    parts = List.copyOf(parts);
    notes = List.copyOf(notes);
  }
}
