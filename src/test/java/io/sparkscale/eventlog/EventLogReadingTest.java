package io.sparkscale.eventlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkscale.units.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class EventLogReadingTest {

  @TempDir Path dir;

  @ParameterizedTest
  @CsvSource({"PLAIN, app-1", "GZIP, app-1.gz", "ZSTD, app-1.zstd", "ZSTD, app-1.zst", "LZ4, app-1.lz4",
      "SNAPPY, app-1.snappy", "ZSTD, app-1.zstd.inprogress"})
  void readsEachCodecByExtension(Codec codec, String name) {
    Path file = SyntheticLog.joinExample().write(dir.resolve(name), codec);

    EventLogAnalysis analysis = EventLogAnalyzer.analyze(file);

    assertThat(analysis.taskCount()).isEqualTo(5);
    assertThat(analysis.taskSeconds()).isEqualTo(15.0);
    assertThat(analysis.applicationSeconds()).isEqualTo(12.0);
    assertThat(analysis.truncated()).isFalse();
  }

  @ParameterizedTest
  @EnumSource(Codec.class)
  void sniffsTheCodecWhenTheNameHasNoExtension(Codec codec) {
    Path file = SyntheticLog.joinExample().write(dir.resolve("eventlog"), codec);

    assertThat(EventLogAnalyzer.analyze(file).taskCount()).isEqualTo(5);
  }

  @ParameterizedTest
  @EnumSource(value = Codec.class, names = {"GZIP", "ZSTD", "LZ4", "SNAPPY"})
  void readsConcatenatedCompressedStreams(Codec codec) throws IOException {
    String[] lines = SyntheticLog.joinExample().text().split("\n");
    int half = lines.length / 2;
    byte[] first = SyntheticLog.compress(join(lines, 0, half), codec);
    byte[] second = SyntheticLog.compress(join(lines, half, lines.length), codec);
    Path file = dir.resolve("concatenated." + extension(codec));
    Files.write(file, concat(first, second));

    EventLogAnalysis analysis = EventLogAnalyzer.analyze(file);

    assertThat(analysis.taskCount()).isEqualTo(5);
    assertThat(analysis.truncated()).isFalse();
  }

  @Test
  void readsARollingDirectoryInIndexOrderWithEachFileCompressedItsOwnWay() throws IOException {
    String[] lines = SyntheticLog.joinExample().text().split("\n");
    Path rolling = Files.createDirectory(dir.resolve("eventlog_v2_app-1"));
    // events_10 sorts before events_2 as text: the order must come from the number.
    Files.write(rolling.resolve("events_1_app-1.zstd"), SyntheticLog.compress(join(lines, 0, 5), Codec.ZSTD));
    Files.write(rolling.resolve("events_2_app-1.lz4"), SyntheticLog.compress(join(lines, 5, 10), Codec.LZ4));
    Files.write(rolling.resolve("events_10_app-1"), join(lines, 10, lines.length));
    Files.createFile(rolling.resolve("appstatus_app-1"));

    EventLogAnalysis analysis = EventLogAnalyzer.analyze(rolling);

    assertThat(analysis.taskCount()).isEqualTo(5);
    assertThat(analysis.applicationSeconds()).isEqualTo(12.0);
    assertThat(analysis.truncated()).isFalse();
    assertThat(analysis.stages()).extracting(StageRun::stageId).containsExactly(0, 1, 2);
  }

  @Test
  void anInProgressRollingLogWithoutApplicationEndIsFlagged() throws IOException {
    String[] lines = SyntheticLog.joinExample().text().split("\n");
    Path rolling = Files.createDirectory(dir.resolve("eventlog_v2_app-1"));
    Files.write(rolling.resolve("events_1_app-1"), join(lines, 0, lines.length - 1));
    Files.createFile(rolling.resolve("appstatus_app-1.inprogress"));

    EventLogAnalysis analysis = EventLogAnalyzer.analyze(rolling);

    assertThat(analysis.truncated()).isTrue();
    assertThat(analysis.truncationReason()).contains("in progress");
  }

  @Test
  void aDirectoryOfAttemptsAnalysesTheLatestAttempt() throws IOException {
    Path attempts = Files.createDirectory(dir.resolve("spark-events"));
    Files.writeString(attempts.resolve("app-1_1"), SyntheticLog.joinExample().text());
    SyntheticLog second = SyntheticLog.start(2, "4g").executorAdded("1", 2, 0)
        .taskEnd(0, "1", 100, 1100, 0, 0).end(2000);
    String secondText = second.text().replace("\"App Attempt ID\":\"1\"", "\"App Attempt ID\":\"2\"");
    Files.write(attempts.resolve("app-1_2.zstd"),
        SyntheticLog.compress(secondText.getBytes(java.nio.charset.StandardCharsets.UTF_8), Codec.ZSTD));

    EventLogAnalysis analysis = EventLogAnalyzer.analyze(attempts);

    assertThat(analysis.attemptId()).isEqualTo("2");
    assertThat(analysis.taskCount()).isEqualTo(1);
    assertThat(analysis.notes()).anySatisfy(n -> assertThat(n).contains("latest").contains("app-1_1"));
  }

  @Test
  void aDirectoryOfTwoApplicationsIsRefused() throws IOException {
    Path logs = Files.createDirectory(dir.resolve("spark-events"));
    Files.writeString(logs.resolve("app-1"), SyntheticLog.joinExample().text());
    Files.writeString(logs.resolve("app-2"), SyntheticLog.joinExample().text().replace("app-1", "app-2"));

    assertThatThrownBy(() -> EventLogAnalyzer.analyze(logs))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("several applications");
  }

  @Test
  void aCutLastLineIsATruncatedLogAnalysedAsFarAsItGoes() throws IOException {
    String text = SyntheticLog.joinExample().text();
    String cut = text.substring(0, text.lastIndexOf("\"Timestamp\""));
    Path file = dir.resolve("cut.zstd");
    Files.write(file, SyntheticLog.compress(cut.getBytes(java.nio.charset.StandardCharsets.UTF_8), Codec.ZSTD));

    EventLogAnalysis analysis = EventLogAnalyzer.analyze(file);

    assertThat(analysis.truncated()).isTrue();
    int lastLine = cut.split("\n").length;
    assertThat(analysis.truncationReason()).contains("line " + lastLine).contains("cut off");
    assertThat(analysis.taskCount()).isEqualTo(5);
    // Without ApplicationEnd the last timestamp seen (the executor's removal at 11 s) ends the run.
    assertThat(analysis.applicationSeconds()).isEqualTo(11.0);
  }

  @Test
  void aCompressedFileCutMidBlockIsTruncatedNotAnError() throws IOException {
    SyntheticLog log = SyntheticLog.start(2, "4g").executorAdded("1", 2, 0);
    for (int i = 0; i < 2000; i++) {
      log.taskEnd(0, "1", i * 10L, i * 10L + 5, i, 0);
    }
    byte[] whole = SyntheticLog.compress(log.end(30_000).bytes(), Codec.GZIP);
    Path file = dir.resolve("cut.gz");
    Files.write(file, Arrays.copyOf(whole, whole.length / 2));

    EventLogAnalysis analysis = EventLogAnalyzer.analyze(file);

    assertThat(analysis.truncated()).isTrue();
    assertThat(analysis.truncationReason()).contains("compressed data ends early");
    assertThat(analysis.taskCount()).isBetween(100L, 1999L);
  }

  @Test
  void malformedJsonInTheMiddleIsAnErrorWithTheLineNumber() throws IOException {
    String[] lines = SyntheticLog.joinExample().text().split("\n");
    lines[6] = lines[6].replace("{\"Event\"", "{Event");
    Path file = dir.resolve("bad.lz4");
    Files.write(file, SyntheticLog.compress(join(lines, 0, lines.length), Codec.LZ4));

    assertThatThrownBy(() -> EventLogAnalyzer.analyze(file))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("--event-log: " + file + " line 7: malformed JSON")
        .hasMessageNotContaining("\n");
  }

  @Test
  void aFileThatIsNotAnEventLogIsRefusedAtLineOne() throws IOException {
    Path json = dir.resolve("other.json");
    Files.writeString(json, "{\"Event\":\"SparkListenerTaskEnd\"}\n{\"Event\":\"SparkListenerApplicationEnd\"}\n");
    Path csv = dir.resolve("data.csv");
    Files.writeString(csv, "a,b,c\n1,2,3\n");
    Path empty = dir.resolve("empty");
    Files.createFile(empty);

    assertThatThrownBy(() -> EventLogAnalyzer.analyze(json))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("--event-log: " + json + " line 1: not a Spark event log (first event is"
            + " SparkListenerTaskEnd, expected SparkListenerLogStart or SparkListenerApplicationStart)");
    assertThatThrownBy(() -> EventLogAnalyzer.analyze(csv))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("--event-log: " + csv + " line 1: not a Spark event log");
    assertThatThrownBy(() -> EventLogAnalyzer.analyze(empty))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("not a Spark event log");
  }

  @Test
  void aMissingPathAndAnLzfLogAreRefused() throws IOException {
    Path lzf = Files.writeString(dir.resolve("app.lzf"), "x");

    assertThatThrownBy(() -> EventLogAnalyzer.analyze(dir.resolve("nope")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("no such file");
    assertThatThrownBy(() -> EventLogAnalyzer.analyze(lzf))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("lzf");
  }

  static byte[] join(String[] lines, int from, int to) {
    return (String.join("\n", Arrays.copyOfRange(lines, from, to)) + "\n")
        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  static String extension(Codec codec) {
    return switch (codec) {
      case PLAIN -> "log";
      case GZIP -> "gz";
      case ZSTD -> "zstd";
      case LZ4 -> "lz4";
      case SNAPPY -> "snappy";
    };
  }
}
