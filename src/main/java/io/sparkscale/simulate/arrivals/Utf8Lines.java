package io.sparkscale.simulate.arrivals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Lines of a UTF-8 stream, decoded one line at a time, so a byte that is not UTF-8 is reported on its own line
 * (a Reader decodes ahead, a buffer at a time). An ASCII line, the usual CSV line, is copied without decoding.
 * Lines end at LF; a CR before it is dropped.
 */
final class Utf8Lines implements AutoCloseable {

  /** Thrown for a line that is not UTF-8; the caller knows which line it asked for. */
  static final class NotUtf8 extends IOException {
    NotUtf8() {
      super("not UTF-8", null);
    }
  }

  private final InputStream in;
  private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
  private byte[] buffer = new byte[1 << 16];
  private int start;
  private int end;
  private boolean eof;

  Utf8Lines(InputStream in) {
    this.in = in;
  }

  /** The next line without its end, or null at the end of the stream. */
  String next() throws IOException {
    int scannedPastStart = 0;
    while (true) {
      for (int i = start + scannedPastStart; i < end; i++) {
        if (buffer[i] == '\n') {
          String line = decode(start, i);
          start = i + 1;
          return line;
        }
      }
      scannedPastStart = end - start;
      if (eof) {
        if (start == end) {
          return null;
        }
        String line = decode(start, end);
        start = end;
        return line;
      }
      fill();
    }
  }

  /** Moves the unread bytes to the front (growing the buffer for a long line) and reads more. */
  private void fill() throws IOException {
    int unread = end - start;
    if (start > 0) {
      System.arraycopy(buffer, start, buffer, 0, unread);
    } else if (unread == buffer.length) {
      buffer = Arrays.copyOf(buffer, buffer.length * 2);
    }
    start = 0;
    end = unread;
    int read = in.read(buffer, end, buffer.length - end);
    if (read < 0) {
      eof = true;
    } else {
      end += read;
    }
  }

  private String decode(int from, int to) throws CharacterCodingException, NotUtf8 {
    int last = to > from && buffer[to - 1] == '\r' ? to - 1 : to;
    boolean ascii = true;
    for (int i = from; i < last && ascii; i++) {
      ascii = buffer[i] >= 0;
    }
    if (ascii) {
      return new String(buffer, from, last - from, StandardCharsets.ISO_8859_1);
    }
    try {
      CharBuffer chars = decoder.reset().decode(ByteBuffer.wrap(buffer, from, last - from));
      return chars.toString();
    } catch (CharacterCodingException e) {
      throw new NotUtf8();
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
