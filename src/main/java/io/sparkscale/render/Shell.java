package io.sparkscale.render;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** POSIX shell quoting, for the one place a command line must go through sh -c (a redirect). */
final class Shell {

  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_./:=@%+,-]+");

  private Shell() {}

  static String quote(String word) {
    if (SAFE.matcher(word).matches()) {
      return word;
    }
    return "'" + word.replace("'", "'\\''") + "'";
  }

  static String commandLine(List<String> words) {
    return words.stream().map(Shell::quote).collect(Collectors.joining(" "));
  }

  /**
   * The words of a command line as {@link #commandLine} writes it (plain words and single quotes, with
   * {@code '\''} for a quote inside): the inverse, for reading a rendered manifest back. Null when the line
   * uses shell syntax beyond that (double quotes, backslashes outside quotes, an unclosed quote).
   */
  static List<String> words(String line) {
    List<String> words = new java.util.ArrayList<>();
    StringBuilder word = null;
    int i = 0;
    while (i < line.length()) {
      char c = line.charAt(i);
      if (c == ' ') {
        if (word != null) {
          words.add(word.toString());
          word = null;
        }
        i++;
      } else if (c == '\'' ) {
        int close = line.indexOf('\'', i + 1);
        if (close < 0) {
          return null;
        }
        word = word == null ? new StringBuilder() : word;
        word.append(line, i + 1, close);
        i = close + 1;
        if (line.startsWith("\\''", i)) {
          word.append('\'');
          i += 2; // the backslash and the quote; the next quote opens the rest of the word
        }
      } else if (c == '"' || c == '\\' || c == '$' || c == '`') {
        return null;
      } else {
        word = word == null ? new StringBuilder() : word;
        word.append(c);
        i++;
      }
    }
    if (word != null) {
      words.add(word.toString());
    }
    return words;
  }
}
