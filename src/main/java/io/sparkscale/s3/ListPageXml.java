package io.sparkscale.s3;

import io.sparkscale.notifications.KeyListing.ListedObject;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a ListObjectsV2 answer body (ListBucketResult) in one pass over the text, keeping only keys,
 * sizes, modification times, common prefixes and the continuation token. The SDK builds a StAX reader
 * and a builder per object for every page; at 1,000 keys a page that was most of what a listing cost the
 * scaler's two cores (docs/performance.md, issue 18).
 *
 * <p>It refuses, rather than guesses at, anything it does not know for certain: a root other than
 * ListBucketResult, CDATA or a DOCTYPE, an unknown entity, a number that is not one, a page whose KeyCount
 * disagrees with what was read. The caller then asks the SDK for the page instead, so a store that writes
 * its XML differently is slower, never miscounted.
 */
final class ListPageXml {

  /** The body is not a ListBucketResult this reader understands. */
  static final class Unreadable extends Exception {
    Unreadable(String message) {
      super(message, null, false, false);
    }
  }

  private static final int ROOT = 1;
  private static final int CHILD = 2;
  private static final int GRANDCHILD = 3;

  private final String xml;
  private final List<ListedObject> contents = new ArrayList<>();
  private final List<String> prefixes = new ArrayList<>();
  private boolean truncated;
  private String nextToken;
  private boolean urlEncoded;
  private long keyCount = -1;
  // The object or common prefix being read.
  private String key;
  private long size;
  private Instant lastModified;
  private String prefix;

  private ListPageXml(String xml) {
    this.xml = xml;
  }

  static ListPage parse(byte[] body) throws Unreadable {
    return new ListPageXml(new String(body, StandardCharsets.UTF_8)).read();
  }

  static ListPage parse(String body) throws Unreadable {
    return new ListPageXml(body).read();
  }

  private ListPage read() throws Unreadable {
    int depth = 0;
    int textStart = 0;
    int parent = 0; // which child of the root is open: Contents, CommonPrefixes or another
    int pos = 0;
    boolean rootSeen = false;
    while (true) {
      int lt = xml.indexOf('<', pos);
      if (lt < 0 || lt + 1 >= xml.length()) {
        break;
      }
      char next = xml.charAt(lt + 1);
      if (next == '?') {
        pos = after(lt, "?>");
        continue;
      }
      if (next == '!') {
        if (!xml.startsWith("<!--", lt)) {
          throw new Unreadable("CDATA or DOCTYPE in a listing");
        }
        pos = after(lt, "-->");
        continue;
      }
      int gt = xml.indexOf('>', lt);
      if (gt < 0) {
        throw new Unreadable("unterminated tag");
      }
      if (next == '/') {
        int nameEnd = nameEnd(lt + 2, gt);
        end(depth, parent, lt + 2, nameEnd, textStart, lt);
        if (depth == CHILD) {
          parent = 0;
        }
        depth--;
      } else {
        int nameStart = lt + 1;
        int nameEnd = nameEnd(nameStart, gt);
        depth++;
        if (depth == ROOT) {
          if (rootSeen || !is("ListBucketResult", nameStart, nameEnd)) {
            throw new Unreadable("not a ListBucketResult");
          }
          rootSeen = true;
        } else if (depth == CHILD) {
          parent = start(nameStart, nameEnd);
        }
        textStart = gt + 1;
        if (xml.charAt(gt - 1) == '/') { // <Name/>: empty
          end(depth, parent, nameStart, nameEnd, textStart, textStart);
          if (depth == CHILD) {
            parent = 0;
          }
          depth--;
        }
      }
      if (depth < 0) {
        throw new Unreadable("an end tag without its start");
      }
      pos = gt + 1;
    }
    if (!rootSeen || depth != 0) {
      throw new Unreadable("incomplete document");
    }
    if (keyCount >= 0 && keyCount != contents.size() + prefixes.size()) {
      throw new Unreadable("KeyCount " + keyCount + " but " + (contents.size() + prefixes.size()) + " read");
    }
    if (truncated && (nextToken == null || nextToken.isEmpty())) {
      throw new Unreadable("truncated without a continuation token");
    }
    return urlEncoded ? decoded() : new ListPage(contents, prefixes, truncated, nextToken);
  }

  private static final int CONTENTS = 1;
  private static final int COMMON_PREFIXES = 2;
  private static final int OTHER = 3;

  private int start(int nameStart, int nameEnd) {
    if (is("Contents", nameStart, nameEnd)) {
      key = null;
      size = -1;
      lastModified = null;
      return CONTENTS;
    }
    if (is("CommonPrefixes", nameStart, nameEnd)) {
      prefix = null;
      return COMMON_PREFIXES;
    }
    return OTHER;
  }

  private void end(int depth, int parent, int nameStart, int nameEnd, int textStart, int textEnd)
      throws Unreadable {
    if (depth == CHILD) {
      if (parent == CONTENTS) {
        if (key == null || size < 0) {
          throw new Unreadable("Contents without Key or Size");
        }
        contents.add(new ListedObject(key, size, lastModified));
      } else if (parent == COMMON_PREFIXES) {
        if (prefix == null) {
          throw new Unreadable("CommonPrefixes without Prefix");
        }
        prefixes.add(prefix);
      } else if (is("IsTruncated", nameStart, nameEnd)) {
        truncated = bool(text(textStart, textEnd));
      } else if (is("NextContinuationToken", nameStart, nameEnd)) {
        nextToken = text(textStart, textEnd);
      } else if (is("EncodingType", nameStart, nameEnd)) {
        urlEncoded = "url".equals(text(textStart, textEnd));
      } else if (is("KeyCount", nameStart, nameEnd)) {
        keyCount = number(text(textStart, textEnd));
      }
    } else if (depth == GRANDCHILD) {
      if (parent == CONTENTS) {
        if (is("Key", nameStart, nameEnd)) {
          key = text(textStart, textEnd);
        } else if (is("Size", nameStart, nameEnd)) {
          size = number(text(textStart, textEnd));
        } else if (is("LastModified", nameStart, nameEnd)) {
          lastModified = instant(text(textStart, textEnd));
        }
      } else if (parent == COMMON_PREFIXES && is("Prefix", nameStart, nameEnd)) {
        prefix = text(textStart, textEnd);
      }
    }
  }

  /** With encoding-type=url, S3 writes keys and prefixes URL-encoded; decoded as the SDK decodes them. */
  private ListPage decoded() throws Unreadable {
    List<ListedObject> objects = new ArrayList<>(contents.size());
    for (ListedObject object : contents) {
      objects.add(new ListedObject(urlDecode(object.key()), object.size(), object.lastModified()));
    }
    List<String> common = new ArrayList<>(prefixes.size());
    for (String prefix : prefixes) {
      common.add(urlDecode(prefix));
    }
    return new ListPage(objects, common, truncated, nextToken);
  }

  private static String urlDecode(String value) throws Unreadable {
    if (value.indexOf('%') < 0 && value.indexOf('+') < 0) {
      return value;
    }
    try {
      return URLDecoder.decode(value, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new Unreadable("not URL-encoded: " + value);
    }
  }

  private int after(int from, String terminator) throws Unreadable {
    int end = xml.indexOf(terminator, from);
    if (end < 0) {
      throw new Unreadable("unterminated " + terminator);
    }
    return end + terminator.length();
  }

  /** Where a tag's name ends: at whitespace, '/' or '>'. */
  private int nameEnd(int from, int gt) {
    int i = from;
    while (i < gt) {
      char c = xml.charAt(i);
      if (c == ' ' || c == '/' || c == '\t' || c == '\n' || c == '\r') {
        break;
      }
      i++;
    }
    return i;
  }

  private boolean is(String name, int start, int end) {
    return end - start == name.length() && xml.startsWith(name, start);
  }

  private String text(int start, int end) throws Unreadable {
    if (!hasEntity(start, end)) {
      return xml.substring(start, end);
    }
    StringBuilder out = new StringBuilder(end - start);
    int i = start;
    while (i < end) {
      char c = xml.charAt(i);
      if (c != '&') {
        out.append(c);
        i++;
        continue;
      }
      int semi = xml.indexOf(';', i);
      if (semi < 0 || semi >= end) {
        throw new Unreadable("unterminated entity");
      }
      appendEntity(out, xml.substring(i + 1, semi));
      i = semi + 1;
    }
    return out.toString();
  }

  /** Looks only between start and end: indexOf would scan the rest of the page for every element. */
  private boolean hasEntity(int start, int end) {
    for (int i = start; i < end; i++) {
      if (xml.charAt(i) == '&') {
        return true;
      }
    }
    return false;
  }

  private static void appendEntity(StringBuilder out, String name) throws Unreadable {
    switch (name) {
      case "amp" -> out.append('&');
      case "lt" -> out.append('<');
      case "gt" -> out.append('>');
      case "quot" -> out.append('"');
      case "apos" -> out.append('\'');
      default -> {
        if (!name.startsWith("#") || name.length() < 2) {
          throw new Unreadable("unknown entity &" + name + ";");
        }
        try {
          int codePoint = name.charAt(1) == 'x' || name.charAt(1) == 'X'
              ? Integer.parseInt(name.substring(2), 16)
              : Integer.parseInt(name.substring(1));
          out.appendCodePoint(codePoint);
        } catch (IllegalArgumentException e) {
          throw new Unreadable("bad character reference &" + name + ";");
        }
      }
    }
  }

  private static boolean bool(String text) throws Unreadable {
    return switch (text.strip()) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new Unreadable("IsTruncated is " + text);
    };
  }

  private static long number(String text) throws Unreadable {
    try {
      long value = Long.parseLong(text.strip());
      if (value < 0) {
        throw new Unreadable("negative number " + text);
      }
      return value;
    } catch (NumberFormatException e) {
      throw new Unreadable("not a number: " + text);
    }
  }

  /**
   * S3 writes "2026-12-05T21:15:54.410Z"; that form is read by hand (Instant.parse builds a parser's state
   * per call), any other ISO-8601 form with an offset by the JDK.
   */
  static Instant instant(String text) throws Unreadable {
    String t = text.strip();
    if (t.length() >= 20 && t.charAt(4) == '-' && t.charAt(7) == '-' && t.charAt(10) == 'T'
        && t.charAt(13) == ':' && t.charAt(16) == ':' && t.charAt(t.length() - 1) == 'Z') {
      try {
        long day = LocalDate.of(digits(t, 0, 4), digits(t, 5, 7), digits(t, 8, 10)).toEpochDay();
        long second = day * 86_400L + digits(t, 11, 13) * 3_600L + digits(t, 14, 16) * 60L + digits(t, 17, 19);
        return Instant.ofEpochSecond(second, nanos(t, 19, t.length() - 1));
      } catch (DateTimeException | NumberFormatException e) {
        // not the usual form after all: the JDK's parser below decides
      }
    }
    try {
      return OffsetDateTime.parse(t).toInstant();
    } catch (DateTimeException e) {
      throw new Unreadable("LastModified is not a date: " + text);
    }
  }

  private static int digits(String t, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      char c = t.charAt(i);
      if (c < '0' || c > '9') {
        throw new NumberFormatException(t);
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  /** ".410" between from and to (or nothing) as nanoseconds. */
  private static int nanos(String t, int from, int to) {
    if (from == to) {
      return 0;
    }
    if (t.charAt(from) != '.' || to - from < 2 || to - from > 10) {
      throw new NumberFormatException(t);
    }
    int value = digits(t, from + 1, to);
    for (int i = to - from - 1; i < 9; i++) {
      value *= 10;
    }
    return value;
  }
}
