package io.sparkscale.eventlog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkscale.units.InvalidInputException;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Streams the events of one log, one JSON line at a time, across the files of a rolling log. One line of
 * read-ahead tells a cut-off last line (a truncated log, analysed as far as it goes) from malformed JSON in
 * the middle (an error naming file and line).
 */
final class EventLines implements Closeable {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  /** Spark writes SparkListenerLogStart first; hand-made and very old logs start at ApplicationStart. */
  private static final Set<String> FIRST_EVENTS =
      Set.of("SparkListenerLogStart", "SparkListenerApplicationStart");

  private final List<Path> parts;
  private int partIndex = -1;
  private BufferedReader reader;
  private String ahead;
  private long lineNumber;
  private boolean firstEventSeen;
  private String truncation;

  EventLines(List<Path> parts) {
    this.parts = List.copyOf(parts);
  }

  /** The next event, or null at the end of the log (or where a truncated log stops). */
  JsonNode next() {
    while (true) {
      String line = pull();
      if (line == null) {
        return null;
      }
      if (line.isBlank()) {
        continue;
      }
      JsonNode node;
      try {
        node = MAPPER.readTree(line);
      } catch (JsonProcessingException e) {
        if (firstEventSeen && isLastLine()) {
          String cut = where() + ": the last line is cut off";
          truncation = truncation == null ? cut : truncation + "; " + cut;
          return null;
        }
        String why = "malformed JSON (" + firstLine(e.getOriginalMessage()) + ")";
        throw error(firstEventSeen ? why : "not a Spark event log: " + why);
      }
      String event = node.path("Event").asText("");
      if (!node.isObject() || event.isEmpty()) {
        throw error(firstEventSeen ? "not a Spark event (no \"Event\" field)"
            : "not a Spark event log (no \"Event\" field)");
      }
      if (!firstEventSeen && partIndex == 0 && !FIRST_EVENTS.contains(event)) {
        throw error("not a Spark event log (first event is " + event
            + ", expected SparkListenerLogStart or SparkListenerApplicationStart)");
      }
      firstEventSeen = true;
      return node;
    }
  }

  /** Why the log stops early, or null when it was read to its end without damage. */
  String truncation() {
    return truncation;
  }

  /** "FILE line N" for the line last returned. */
  String where() {
    return parts.get(Math.max(partIndex, 0)) + " line " + lineNumber;
  }

  private InvalidInputException error(String message) {
    return new InvalidInputException("--event-log: " + where() + ": " + message);
  }

  private boolean isLastLine() {
    return ahead == null && (truncation != null || partIndex == parts.size() - 1);
  }

  private String pull() {
    while (true) {
      if (reader == null) {
        if (truncation != null || !openNext()) {
          return null;
        }
      }
      String line = ahead;
      if (line != null) {
        lineNumber++;
        ahead = readAhead();
        return line;
      }
      closeReader();
    }
  }

  private boolean openNext() {
    if (++partIndex >= parts.size()) {
      partIndex = parts.size() - 1;
      return false;
    }
    Path path = parts.get(partIndex);
    try {
      BufferedInputStream raw = new BufferedInputStream(Files.newInputStream(path), 64 * 1024);
      Codec codec = Codec.byExtension(path.getFileName().toString());
      if (codec == null) {
        codec = Codec.sniff(raw);
      }
      reader = new BufferedReader(
          new InputStreamReader(new EndAtDamage(codec.decode(raw)), StandardCharsets.UTF_8), 64 * 1024);
    } catch (IOException e) {
      // A compressed file too short to hold its own header counts as cut off, like a cut last line.
      truncation = path + ": cannot be decompressed (" + e.getMessage() + ")";
      if (partIndex == 0) {
        throw new InvalidInputException("--event-log: " + truncation);
      }
      return false;
    }
    lineNumber = 0;
    ahead = readAhead();
    return true;
  }

  private String readAhead() {
    try {
      return reader.readLine();
    } catch (IOException e) {
      damaged(e);
      return null;
    }
  }

  private void damaged(IOException e) {
    if (truncation == null) {
      truncation = parts.get(partIndex) + " after line " + lineNumber
          + ": compressed data ends early or is damaged (" + firstLine(e.getMessage()) + ")";
    }
  }

  /**
   * Decompressors fail when a file ends mid-block. Turning that failure into the end of the stream lets
   * the reader hand over every line decoded before it; the failure is kept as the truncation reason.
   */
  private final class EndAtDamage extends FilterInputStream {
    EndAtDamage(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      try {
        return super.read();
      } catch (IOException e) {
        damaged(e);
        return -1;
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        return super.read(b, off, len);
      } catch (IOException e) {
        damaged(e);
        return -1;
      }
    }
  }

  private static String firstLine(String text) {
    if (text == null) {
      return "no detail";
    }
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }

  private void closeReader() {
    if (reader != null) {
      try {
        reader.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      reader = null;
    }
  }

  @Override
  public void close() {
    closeReader();
  }
}
