package io.sparkscale.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ShellTest {

  @Test
  void quotesOnlyWhatNeedsIt() {
    assertThat(Shell.quote("--data-size")).isEqualTo("--data-size");
    assertThat(Shell.quote("s3://b/p/")).isEqualTo("s3://b/p/");
    assertThat(Shell.quote("a b")).isEqualTo("'a b'");
    assertThat(Shell.quote("it's")).isEqualTo("'it'\\''s'");
    assertThat(Shell.quote("$(rm -rf /)")).isEqualTo("'$(rm -rf /)'");
    assertThat(Shell.quote("")).isEqualTo("''");
    assertThat(Shell.commandLine(List.of("echo", "a;b"))).isEqualTo("echo 'a;b'");
  }

  @Test
  void quotedWordsSurviveARealShell() throws Exception {
    List<String> words = List.of("printf", "%s|", "plain", "two words", "it's", "$HOME", "`x`", "a\"b");
    Process p = new ProcessBuilder("/bin/sh", "-c", Shell.commandLine(words)).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).isZero();
    assertThat(out).isEqualTo("plain|two words|it's|$HOME|`x`|a\"b|");
  }
}
