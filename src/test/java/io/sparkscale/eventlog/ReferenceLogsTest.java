package io.sparkscale.eventlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.luben.zstd.ZstdInputStream;
import io.sparkscale.units.InvalidInputException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every reference log (src/test/resources/event-logs, see ORIGIN.md) against sums the test computes itself
 * with plain Jackson over the same lines.
 */
class ReferenceLogsTest {

  static final Path LOGS = Path.of("src/test/resources/event-logs");
  static final ObjectMapper MAPPER = new ObjectMapper();

  @ParameterizedTest
  @ValueSource(strings = {"attempt_1_eventlog.zstd", "eventlog_4nodes_8cores_dynamic_alloc.zstd",
      "eventlog-2021-06-15--15-00.gz", "eventlog_v2_local-1623876083964", "truncated_eventlog"})
  void aggregatesMatchAnIndependentCount(String name) throws IOException {
    Path path = LOGS.resolve(name);
    Expected expected = Expected.of(events(path));

    EventLogAnalysis a = EventLogAnalyzer.analyze(path);

    assertThat(a.sparkVersion()).isEqualTo(expected.sparkVersion);
    assertThat(a.taskCount()).isEqualTo(expected.taskEnds);
    assertThat(a.taskSeconds()).isCloseTo(expected.taskMillis / 1000.0, within(1e-6));
    assertThat(a.bytesRead()).isEqualTo(expected.bytesRead);
    assertThat(a.applicationSeconds()).isCloseTo((expected.end - expected.start) / 1000.0, within(1e-6));
    assertThat(a.executorCoreSeconds()).isCloseTo(expected.coreMillis / 1000.0, within(1e-6));
    assertThat(a.utilization()).isCloseTo(expected.taskMillis / (double) expected.coreMillis, within(1e-9));
    assertThat(a.executorsAdded()).isEqualTo(expected.executorsAdded);
    assertThat(a.maxConcurrentExecutors()).isEqualTo(expected.maxConcurrent);
    assertThat(a.truncated()).isEqualTo(!expected.hasEnd);
    Map<Integer, Integer> tasksByStage = new HashMap<>();
    a.stages().forEach(s -> tasksByStage.put(s.stageId(), s.taskCount()));
    assertThat(tasksByStage).containsAllEntriesOf(expected.tasksByStage);
    a.stages().forEach(s -> {
      if (expected.parentsByStage.containsKey(s.stageId())) {
        assertThat(s.parentIds()).isEqualTo(expected.parentsByStage.get(s.stageId()));
      }
    });
    assertThat(a.memory().jvmHeapBytes()).isEqualTo(expected.peakHeap(a));
  }

  @ParameterizedTest
  @ValueSource(strings = {"attempt_1_eventlog.zstd", "eventlog_4nodes_8cores_dynamic_alloc.zstd",
      "eventlog-2021-06-15--15-00.gz", "eventlog_v2_local-1623876083964", "truncated_eventlog"})
  void modelErrorIsWithinTwentyPercent(String name) {
    RightsizeReport report = Rightsizer.report(EventLogAnalyzer.analyze(LOGS.resolve(name)));

    assertThat(Math.abs(report.modelError())).isLessThan(0.20);
    assertThat(report.criticalPathSeconds()).isLessThanOrEqualTo(report.replayedWallSeconds());
    assertThat(report.recommendedMaxExecutors()).isBetween(1, 5 * Math.max(1, report.recordedMaxExecutors()));
    assertThat(report.table()).isNotEmpty();
  }

  @Test
  void theDynamicAllocationLog() {
    EventLogAnalysis a = EventLogAnalyzer.analyze(LOGS.resolve("eventlog_4nodes_8cores_dynamic_alloc.zstd"));

    // README: 15 executors added, 14 removed.
    assertThat(a.executorsAdded()).isEqualTo(15);
    assertThat(a.executorTimeline().get(a.executorTimeline().size() - 1).executors()).isEqualTo(1);
    assertThat(a.settings()).isEqualTo(new ExecutorSettings(4, 20480L, 1, true, null, a.settings().master()));
    assertThat(a.averageExecutors()).isLessThan(a.maxConcurrentExecutors());
  }

  @Test
  void theRollingLogReadsBothFilesInOrder() {
    EventLogAnalysis a = EventLogAnalyzer.analyze(LOGS.resolve("eventlog_v2_local-1623876083964"));

    assertThat(a.truncated()).isFalse();
    assertThat(a.appId()).isEqualTo("local-1623876083964");
    // Local mode: the driver is the one executor, with local[N]'s cores.
    assertThat(a.settings().executorCores()).isEqualTo(12);
    assertThat(a.notes()).anySatisfy(n -> assertThat(n).startsWith("local mode"));
  }

  @Test
  void theTruncatedLogsAreFlaggedPartialResults() {
    EventLogAnalysis plain = EventLogAnalyzer.analyze(LOGS.resolve("truncated_eventlog"));
    EventLogAnalysis gz = EventLogAnalyzer.analyze(LOGS.resolve("eventlog-2021-06-15--15-00.gz"));

    assertThat(plain.truncated()).isTrue();
    assertThat(plain.truncationReason()).contains("no SparkListenerApplicationEnd");
    assertThat(gz.truncated()).isTrue();
  }

  @Test
  void theMalformedLogIsAnErrorAtLineFour() {
    Path path = LOGS.resolve("malformed_json_eventlog.zstd");

    assertThatThrownBy(() -> EventLogAnalyzer.analyze(path))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("--event-log: " + path + " line 4: malformed JSON");
  }

  @Test
  void aDirectoryHoldingTwoReferenceApplicationsIsRefused(@org.junit.jupiter.api.io.TempDir Path dir)
      throws IOException {
    Files.copy(LOGS.resolve("attempt_1_eventlog.zstd"), dir.resolve("attempt_1_eventlog.zstd"));
    Files.copy(LOGS.resolve("truncated_eventlog"), dir.resolve("truncated_eventlog"));

    assertThatThrownBy(() -> EventLogAnalyzer.analyze(dir))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("holds logs of several applications");
  }

  /** The log's events, decompressed here without the production reader. */
  static List<JsonNode> events(Path path) throws IOException {
    List<Path> files = new ArrayList<>();
    if (Files.isDirectory(path)) {
      try (Stream<Path> list = Files.list(path)) {
        list.filter(p -> p.getFileName().toString().startsWith("events_"))
            .sorted((x, y) -> Integer.compare(index(x), index(y)))
            .forEach(files::add);
      }
    } else {
      files.add(path);
    }
    List<JsonNode> events = new ArrayList<>();
    for (Path file : files) {
      InputStream raw = Files.newInputStream(file);
      String n = file.getFileName().toString();
      InputStream in = n.endsWith(".zstd") ? new ZstdInputStream(raw) : n.endsWith(".gz") ? new GZIPInputStream(raw) : raw;
      try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
          events.add(MAPPER.readTree(line));
        }
      }
    }
    return events;
  }

  static int index(Path events) {
    return Integer.parseInt(events.getFileName().toString().split("_")[1]);
  }

  /** Plain loops over the events: what each aggregate should be. */
  static final class Expected {
    String sparkVersion;
    long taskEnds;
    long taskMillis;
    long bytesRead;
    long start;
    long end;
    boolean hasEnd;
    long coreMillis;
    int executorsAdded;
    int maxConcurrent;
    Map<Integer, Integer> tasksByStage = new HashMap<>();
    Map<Integer, List<Integer>> parentsByStage = new HashMap<>();
    Map<String, Long> heapByExecutor = new HashMap<>();

    static Expected of(List<JsonNode> events) {
      Expected x = new Expected();
      long lastTime = 0;
      Map<String, long[]> executors = new HashMap<>(); // cores, added, removed
      int alive = 0;
      for (JsonNode e : events) {
        for (String field : List.of("Timestamp", "Launch Time", "Finish Time", "Submission Time", "Completion Time")) {
          for (JsonNode t : e.findValues(field)) lastTime = Math.max(lastTime, t.asLong());
        }
        switch (e.get("Event").asText()) {
          case "SparkListenerLogStart" -> x.sparkVersion = e.get("Spark Version").asText();
          case "SparkListenerApplicationStart" -> x.start = e.get("Timestamp").asLong();
          case "SparkListenerApplicationEnd" -> {
            x.end = e.get("Timestamp").asLong();
            x.hasEnd = true;
          }
          case "SparkListenerExecutorAdded" -> {
            x.executorsAdded++;
            executors.put(e.get("Executor ID").asText(), new long[] {
                e.get("Executor Info").get("Total Cores").asLong(), e.get("Timestamp").asLong(), -1});
            x.maxConcurrent = Math.max(x.maxConcurrent, ++alive);
          }
          case "SparkListenerExecutorRemoved" -> {
            executors.get(e.get("Executor ID").asText())[2] = e.get("Timestamp").asLong();
            alive--;
          }
          case "SparkListenerTaskEnd" -> {
            x.taskEnds++;
            JsonNode info = e.get("Task Info");
            x.taskMillis += info.get("Finish Time").asLong() - info.get("Launch Time").asLong();
            JsonNode input = e.path("Task Metrics").path("Input Metrics").path("Bytes Read");
            x.bytesRead += input.asLong(0);
            x.tasksByStage.merge(e.get("Stage ID").asInt(), 1, Integer::sum);
            long heap = e.path("Task Executor Metrics").path("JVMHeapMemory").asLong(0);
            x.heapByExecutor.merge(info.get("Executor ID").asText(), heap, Math::max);
          }
          case "SparkListenerStageCompleted" -> {
            List<Integer> parents = new ArrayList<>();
            e.get("Stage Info").get("Parent IDs").forEach(p -> parents.add(p.asInt()));
            x.parentsByStage.put(e.get("Stage Info").get("Stage ID").asInt(), parents);
          }
          default -> { }
        }
      }
      if (!x.hasEnd) x.end = lastTime;
      for (long[] ex : executors.values()) {
        x.coreMillis += ex[0] * ((ex[2] > 0 ? ex[2] : x.end) - ex[1]);
      }
      return x;
    }

    Long peakHeap(EventLogAnalysis a) {
      boolean local = a.executorTimeline().stream().allMatch(c -> c.executors() <= 1)
          && heapByExecutor.keySet().stream().allMatch("driver"::equals);
      long peak = heapByExecutor.entrySet().stream()
          .filter(h -> local || !h.getKey().equals("driver"))
          .mapToLong(Map.Entry::getValue).max().orElse(0);
      return peak > 0 ? peak : null;
    }
  }
}
