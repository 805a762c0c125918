package io.sparkscale.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** `--event-log PATH`: size from a recorded run instead of rules of thumb (docs/eventlog.md). */
public class EventLogOptions {

  @Option(names = "--event-log", paramLabel = "PATH",
      description = "A Spark event log (plain, .gz, .zstd, .lz4, .snappy), a rolling eventlog_v2_* directory,"
          + " or a directory of one application's attempts (the latest is used). Replays the run to"
          + " recommend maxExecutors, executor cores and memory; --data-size becomes optional and, if given,"
          + " scales the run to that size.")
  Path eventLog;

  public boolean given() {
    return eventLog != null;
  }

  public Path path() {
    return eventLog;
  }
}
