package io.sparkscale.simulate.arrivals;

import io.sparkscale.simulate.Arrival;
import io.sparkscale.simulate.ArrivalSource;
import io.sparkscale.units.InvalidInputException;
import io.sparkscale.units.SafeText;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.NoSuchElementException;

/**
 * Arrivals from a CSV file with the header {@code time,objects,bytes} (or {@code time,objects}, when the
 * bytes come from an object size), read one line at a time: a 30-day trace is never held in memory.
 *
 * <p>{@code time} is either ISO-8601 with an offset ({@code 2026-03-01T08:00:00Z}; the first row is the start
 * of the trace) or seconds from the start ({@code 0}, {@code 10.5}), the same kind in every row; rows are in
 * time order. A bad row is an {@link InvalidInputException} naming its line and what is accepted.
 *
 * <p>Written for speed: bytes decoded a line at a time (ASCII copied as is), no regular expression and no split
 * per row, and the usual ISO form
 * ({@code yyyy-MM-ddTHH:mm:ss[.fff](Z|+hh:mm)}) is read by hand before java.time's parser is tried.
 */
public final class CsvArrivals implements ArrivalSource {

  static final String HEADER = "time,objects,bytes";
  static final String HEADER_WITHOUT_BYTES = "time,objects";
  static final String TIME_HELP =
      "use ISO-8601 with an offset (2026-03-01T08:00:00Z) or seconds from the start (0, 10.5), one kind in"
          + " every row";
  static final String COUNT_HELP = "use a whole number of 0 or more";
  /** Seconds from the start: up to about 31,000 years, far from overflowing milliseconds. */
  private static final int MAX_SECONDS_DIGITS = 12;
  /** Whole numbers up to 10^18, below Long.MAX_VALUE. */
  private static final int MAX_COUNT_DIGITS = 18;

  private enum TimeKind { SECONDS, ISO }

  private final Utf8Lines reader;
  private final String prefix;
  private final boolean bytesColumn;
  private final long objectSize;
  private TimeKind kind;
  private long startMillis;
  private long previousMillis;
  private long lineNumber = 1;
  private long rows;
  private Arrival next;
  private boolean done;

  /**
   * Reads the header at once, so a file of the wrong shape fails before anything runs.
   *
   * @param option the flag the file came from, for messages (--arrivals)
   * @param source the file's name as the user gave it
   * @param objectSize bytes per object when the file has no bytes column (0: bytes unknown, counted as 0)
   */
  public CsvArrivals(InputStream in, String option, String source, long objectSize) {
    this.reader = new Utf8Lines(in);
    this.prefix = option + ": " + SafeText.quote(source) + " ";
    this.objectSize = objectSize;
    String header = readLine();
    if (header == null) {
      throw new InvalidInputException(prefix + "is empty; its first line must be the header " + HEADER);
    }
    String plain = header.replace("\uFEFF", "").replace(" ", "").strip();
    if (plain.equals(HEADER)) {
      bytesColumn = true;
    } else if (plain.equals(HEADER_WITHOUT_BYTES)) {
      bytesColumn = false;
    } else {
      throw new InvalidInputException(prefix + "line 1: header '" + SafeText.quote(header) + "' is not valid;"
          + " use " + HEADER + " (or " + HEADER_WITHOUT_BYTES + " with --object-size)");
    }
  }

  /** Whether the file gives bytes itself; if not, they are objects x the object size. */
  public boolean hasBytesColumn() {
    return bytesColumn;
  }

  @Override
  public boolean hasNext() {
    if (next == null && !done) {
      next = readRow();
      done = next == null;
    }
    return next != null;
  }

  @Override
  public Arrival next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    Arrival arrival = next;
    next = null;
    return arrival;
  }

  @Override
  public void close() {
    try {
      reader.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Arrival readRow() {
    String line;
    while ((line = readLine()) != null && line.isBlank()) {
      // blank lines (a trailing one, say) carry nothing
    }
    if (line == null) {
      if (rows == 0) {
        throw new InvalidInputException(prefix + "has a header but no rows; add rows such as 0,10,"
            + "1280000000 (" + HEADER + ")");
      }
      return null;
    }
    int first = line.indexOf(',');
    int second = first < 0 ? -1 : line.indexOf(',', first + 1);
    int fields = first < 0 ? 1 : second < 0 ? 2 : line.indexOf(',', second + 1) < 0 ? 3 : 4;
    int expected = bytesColumn ? 3 : 2;
    if (fields != expected) {
      throw row((fields > 3 ? "more than 3" : Integer.toString(fields)) + " fields, expected " + expected + " ("
          + (bytesColumn ? HEADER : HEADER_WITHOUT_BYTES) + ")");
    }
    String time = field(line, 0, first);
    long objects = count("objects", field(line, first + 1, bytesColumn ? second : line.length()));
    long bytes = bytesColumn ? count("bytes", field(line, second + 1, line.length())) : objectsBytes(objects);
    if (objects == 0 && bytes > 0) {
      throw row("bytes " + bytes + " with 0 objects; every byte belongs to an object");
    }
    long at = millis(time);
    if (at < previousMillis) {
      throw row("time '" + SafeText.quote(time) + "' is before the previous row's; rows must be in time order");
    }
    previousMillis = at;
    rows++;
    return new Arrival(at, objects, bytes);
  }

  private long objectsBytes(long objects) {
    try {
      return Math.multiplyExact(objects, objectSize);
    } catch (ArithmeticException e) {
      throw row("objects x --object-size overflows; use a smaller --object-size");
    }
  }

  /** Milliseconds from the start, deciding the file's kind of time on the first row. */
  private long millis(String time) {
    if (kind == null) {
      kind = looksLikeSeconds(time) ? TimeKind.SECONDS : TimeKind.ISO;
      if (kind == TimeKind.ISO) {
        startMillis = isoMillis(time);
        return 0;
      }
    }
    if (kind == TimeKind.SECONDS) {
      if (!looksLikeSeconds(time)) {
        throw row("time '" + SafeText.quote(time) + "' is not seconds from the start like the first row's; "
            + TIME_HELP);
      }
      return secondsMillis(time);
    }
    if (looksLikeSeconds(time)) {
      throw row("time '" + SafeText.quote(time) + "' is seconds while the first row's is ISO-8601; " + TIME_HELP);
    }
    return isoMillis(time) - startMillis;
  }

  private static boolean looksLikeSeconds(String time) {
    for (int i = 0; i < time.length(); i++) {
      char c = time.charAt(i);
      if ((c < '0' || c > '9') && c != '.') {
        return false;
      }
    }
    return !time.isEmpty();
  }

  /** "10", "10.5", "0.001": rounded to the millisecond. */
  private long secondsMillis(String time) {
    int dot = time.indexOf('.');
    int wholeEnd = dot < 0 ? time.length() : dot;
    if (wholeEnd == 0 || wholeEnd > MAX_SECONDS_DIGITS || (dot >= 0 && (dot == time.length() - 1
        || time.indexOf('.', dot + 1) >= 0))) {
      throw row("time '" + SafeText.quote(time) + "' is not valid; " + TIME_HELP
          + (wholeEnd > MAX_SECONDS_DIGITS ? " (too large)" : ""));
    }
    long seconds = 0;
    for (int i = 0; i < wholeEnd; i++) {
      seconds = seconds * 10 + (time.charAt(i) - '0');
    }
    long millis = seconds * 1000;
    if (dot >= 0) {
      int scale = 100;
      for (int i = dot + 1; i < time.length() && scale > 0; i++, scale /= 10) {
        millis += (time.charAt(i) - '0') * scale;
      }
      if (time.length() > dot + 4 && time.charAt(dot + 4) >= '5') {
        millis++;
      }
    }
    return millis;
  }

  /** Epoch milliseconds of an ISO-8601 date-time with an offset. */
  private long isoMillis(String time) {
    long fast = fastIso(time);
    if (fast != Long.MIN_VALUE) {
      return fast;
    }
    try {
      return OffsetDateTime.parse(time).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      try {
        LocalDateTime.parse(time);
        throw row("time '" + SafeText.quote(time) + "' has no offset; add Z (UTC) or one such as +02:00");
      } catch (DateTimeParseException notLocal) {
        throw row("time '" + SafeText.quote(time) + "' is not valid; " + TIME_HELP);
      }
    }
  }

  /** yyyy-MM-ddTHH:mm:ss[.f...](Z|+hh:mm|-hh:mm), or Long.MIN_VALUE to leave it to java.time. */
  static long fastIso(String s) {
    int n = s.length();
    if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
        || s.charAt(16) != ':') {
      return Long.MIN_VALUE;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0
        || second > 59) {
      return Long.MIN_VALUE;
    }
    int i = 19;
    long millis = 0;
    if (i < n && s.charAt(i) == '.') {
      i++;
      int scale = 100;
      int from = i;
      while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        millis += (s.charAt(i) - '0') * scale;
        scale /= 10;
        i++;
      }
      if (i == from) {
        return Long.MIN_VALUE;
      }
    }
    long offsetSeconds;
    if (i == n - 1 && s.charAt(i) == 'Z') {
      offsetSeconds = 0;
    } else if (i == n - 6 && (s.charAt(i) == '+' || s.charAt(i) == '-') && s.charAt(i + 3) == ':') {
      int oh = digits(s, i + 1, 2);
      int om = digits(s, i + 4, 2);
      if (oh < 0 || om < 0 || oh > 18 || om > 59) {
        return Long.MIN_VALUE;
      }
      offsetSeconds = (s.charAt(i) == '-' ? -1 : 1) * (oh * 3600L + om * 60L);
    } else {
      return Long.MIN_VALUE;
    }
    long epochDay;
    try {
      epochDay = LocalDate.of(year, month, day).toEpochDay();
    } catch (DateTimeException e) {
      return Long.MIN_VALUE; // java.time then says what is wrong
    }
    long seconds = epochDay * 86_400 + hour * 3600L + minute * 60L + second - offsetSeconds;
    return seconds * 1000 + millis;
  }

  private static int digits(String s, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private long count(String column, String text) {
    if (text.isEmpty() || text.length() > MAX_COUNT_DIGITS) {
      throw row(column + " '" + SafeText.quote(text) + "' is not valid; " + COUNT_HELP
          + (text.length() > MAX_COUNT_DIGITS ? " (too large)" : ""));
    }
    long value = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        throw row(column + " '" + SafeText.quote(text) + "' is not valid; " + COUNT_HELP);
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static String field(String line, int from, int to) {
    String field = line.substring(from, to);
    return field.isEmpty() || (field.charAt(0) > ' ' && field.charAt(field.length() - 1) > ' ')
        ? field
        : field.strip();
  }

  private String readLine() {
    try {
      String line = reader.next();
      if (line != null) {
        lineNumber++;
      }
      return line;
    } catch (Utf8Lines.NotUtf8 e) {
      throw new InvalidInputException(prefix + "line " + lineNumber + ": is not UTF-8 text; save the file as"
          + " UTF-8 CSV");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + prefix.strip() + ": " + e.getMessage(), e);
    }
  }

  private InvalidInputException row(String what) {
    return new InvalidInputException(prefix + "line " + (lineNumber - 1) + ": " + what);
  }
}
