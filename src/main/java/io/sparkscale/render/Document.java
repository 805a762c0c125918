package io.sparkscale.render;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One rendered output: the file it goes to with {@code -o DIR}, and its text. YAML documents are joined with
 * {@code ---} on stdout; other formats (spark-defaults.conf) are printed as they are.
 */
public record Document(String fileName, String text, boolean yaml) {

  private static final Pattern FILE_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");

  public Document {
    Objects.requireNonNull(text, "text");
    // File names come from object names the user typed; keep them to one safe path segment.
    if (fileName == null || !FILE_NAME.matcher(fileName).matches()) {
      throw new IllegalArgumentException("not a safe file name: " + fileName);
    }
  }

  public static Document yaml(String fileName, String text) {
    return new Document(fileName, text, true);
  }

  public static Document plain(String fileName, String text) {
    return new Document(fileName, text, false);
  }
}
