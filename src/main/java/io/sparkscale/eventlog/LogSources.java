package io.sparkscale.eventlog;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkscale.units.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Turns --event-log PATH into the files to read. Three shapes: one file (one attempt, any codec); a
 * rolling directory eventlog_v2_APP[_ATTEMPT] holding events_N_APP[_ATTEMPT][.codec] files and an
 * appstatus_* marker (EventLogFileWriters' layout); or a directory of several logs. The last must hold
 * attempts of one application: the latest attempt (highest "App Attempt ID") is analysed, since it is
 * the one that ran to the end, and the others are named in the notes.
 */
public final class LogSources {

  private static final Pattern EVENTS_FILE = Pattern.compile("events_(\\d+)_.*");
  private static final String OPTION = "--event-log";

  private LogSources() {}

  public static LogSource resolve(Path path) {
    if (!Files.exists(path)) {
      throw InvalidInputException.badValue(OPTION, path.toString(), "no such file or directory");
    }
    if (Files.isRegularFile(path)) {
      String name = path.getFileName().toString();
      Codec.byExtension(name); // rejects codecs we cannot read before any reading starts
      return new LogSource(path, List.of(path), false, name.endsWith(".inprogress"), List.of());
    }
    if (isRolling(path)) {
      return rolling(path);
    }
    return latestAttempt(path);
  }

  private static boolean isRolling(Path dir) {
    return dir.getFileName() != null && dir.getFileName().toString().startsWith("eventlog_v2_")
        || list(dir).stream().anyMatch(p -> EVENTS_FILE.matcher(name(p)).matches());
  }

  private static LogSource rolling(Path dir) {
    List<Path> entries = list(dir);
    List<Path> events = new ArrayList<>(
        entries.stream().filter(p -> EVENTS_FILE.matcher(name(p)).matches()).toList());
    if (events.isEmpty()) {
      throw new InvalidInputException(OPTION + ": " + dir + ": rolling log directory holds no events_N_* file");
    }
    events.sort(Comparator.comparingLong(LogSources::index));
    List<String> notes = new ArrayList<>();
    // Spark's compaction replaces events_1..N with events_N_*.compact; reading starts there, as Spark's does.
    int lastCompact = -1;
    for (int i = 0; i < events.size(); i++) {
      if (name(events.get(i)).endsWith(".compact")) {
        lastCompact = i;
      }
    }
    if (lastCompact >= 0) {
      notes.add("compacted: read from " + name(events.get(lastCompact))
          + "; compaction drops finished jobs' task events, so task aggregates are partial");
      events = new ArrayList<>(events.subList(lastCompact, events.size()));
    }
    for (Path p : events) {
      Codec.byExtension(Codec.stripInProgress(name(p)).replaceFirst("\\.compact$", ""));
    }
    boolean inProgress = entries.stream()
        .anyMatch(p -> name(p).startsWith("appstatus_") && name(p).endsWith(".inprogress"));
    if (entries.stream().noneMatch(p -> name(p).startsWith("appstatus_"))) {
      notes.add("no appstatus_* file in the rolling directory");
    }
    return new LogSource(dir, events, true, inProgress, notes);
  }

  private static long index(Path events) {
    Matcher m = EVENTS_FILE.matcher(name(events));
    return m.matches() ? Long.parseLong(m.group(1)) : Long.MAX_VALUE;
  }

  private static LogSource latestAttempt(Path dir) {
    List<Path> candidates = list(dir).stream()
        .filter(p -> !name(p).startsWith("."))
        .filter(p -> Files.isRegularFile(p) || name(p).startsWith("eventlog_v2_"))
        .toList();
    if (candidates.isEmpty()) {
      throw new InvalidInputException(OPTION + ": " + dir + ": directory holds no event log");
    }
    if (candidates.size() == 1) {
      return resolve(candidates.get(0));
    }
    LogSource best = null;
    Attempt bestAttempt = null;
    String appId = null;
    List<String> others = new ArrayList<>();
    for (Path candidate : candidates) {
      LogSource source = resolve(candidate);
      Attempt attempt = readAttempt(source);
      if (appId != null && !appId.equals(attempt.appId())) {
        throw new InvalidInputException(OPTION + ": " + dir + ": holds logs of several applications ("
            + appId + ", " + attempt.appId() + "); pass one log file or eventlog_v2_* directory");
      }
      appId = attempt.appId();
      if (bestAttempt == null || attempt.compareTo(bestAttempt) > 0) {
        if (best != null) others.add(name(best.path()));
        best = source;
        bestAttempt = attempt;
      } else {
        others.add(name(candidate));
      }
    }
    List<String> notes = new ArrayList<>(best.notes());
    notes.add("several attempts of " + appId + ": analysed the latest (" + name(best.path())
        + ", attempt " + bestAttempt.attemptId() + "); skipped " + String.join(", ", others));
    return new LogSource(best.path(), best.parts(), best.rolling(), best.inProgress(), notes);
  }

  /** App ID and App Attempt ID from a log's ApplicationStart, reading only its first lines. */
  private static Attempt readAttempt(LogSource source) {
    try (EventLines lines = new EventLines(source.parts())) {
      for (int i = 0; i < 1000; i++) {
        JsonNode event = lines.next();
        if (event == null) break;
        if ("SparkListenerApplicationStart".equals(event.path("Event").asText())) {
          return new Attempt(event.path("App ID").asText(""), event.path("App Attempt ID").asText(""));
        }
      }
    }
    throw new InvalidInputException(OPTION + ": " + source.path()
        + ": no SparkListenerApplicationStart near the start, cannot tell which attempt it is");
  }

  private record Attempt(String appId, String attemptId) implements Comparable<Attempt> {
    @Override
    public int compareTo(Attempt other) {
      // Attempt IDs are numbers on YARN and Kubernetes; compare as numbers when both are.
      if (attemptId.matches("\\d{1,18}") && other.attemptId.matches("\\d{1,18}")) {
        return Long.compare(Long.parseLong(attemptId), Long.parseLong(other.attemptId));
      }
      return attemptId.compareTo(other.attemptId);
    }
  }

  private static List<Path> list(Path dir) {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String name(Path p) {
    return p.getFileName().toString();
  }
}
