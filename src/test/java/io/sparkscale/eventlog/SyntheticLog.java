package io.sparkscale.eventlog;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.luben.zstd.ZstdOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import net.jpountz.lz4.LZ4BlockOutputStream;
import org.xerial.snappy.SnappyOutputStream;

/** Builds small Spark event logs, line by line, with the field names Spark's JsonProtocol writes. */
final class SyntheticLog {

  static final ObjectMapper MAPPER = new ObjectMapper();
  static final long T0 = 1_700_000_000_000L;

  private final List<String> lines = new ArrayList<>();
  private long taskId;

  /** LogStart, ApplicationStart at T0, EnvironmentUpdate with the given executor settings. */
  static SyntheticLog start(int executorCores, String executorMemory) {
    SyntheticLog log = new SyntheticLog();
    log.add(event("SparkListenerLogStart").put("Spark Version", "3.5.1"));
    log.add(event("SparkListenerApplicationStart").put("App Name", "synthetic").put("App ID", "app-1")
        .put("Timestamp", T0).put("User", "test").put("App Attempt ID", "1"));
    ObjectNode env = event("SparkListenerEnvironmentUpdate");
    env.putObject("Spark Properties").put("spark.executor.cores", Integer.toString(executorCores))
        .put("spark.executor.memory", executorMemory).put("spark.task.cpus", "1");
    log.add(env);
    return log;
  }

  static ObjectNode event(String name) {
    return MAPPER.createObjectNode().put("Event", name);
  }

  SyntheticLog add(ObjectNode event) {
    lines.add(event.toString());
    return this;
  }

  SyntheticLog raw(String line) {
    lines.add(line);
    return this;
  }

  SyntheticLog executorAdded(String id, int cores, long atMillis) {
    ObjectNode e = event("SparkListenerExecutorAdded").put("Timestamp", T0 + atMillis).put("Executor ID", id);
    e.putObject("Executor Info").put("Host", "host-" + id).put("Total Cores", cores);
    return add(e);
  }

  SyntheticLog executorRemoved(String id, long atMillis) {
    return add(event("SparkListenerExecutorRemoved").put("Timestamp", T0 + atMillis).put("Executor ID", id)
        .put("Removed Reason", "test"));
  }

  SyntheticLog stageSubmitted(int stageId, long atMillis, int... parents) {
    ObjectNode e = event("SparkListenerStageSubmitted");
    stageInfo(e, stageId, atMillis, -1, parents);
    return add(e);
  }

  SyntheticLog stageCompleted(int stageId, long submittedMillis, long completedMillis, int... parents) {
    ObjectNode e = event("SparkListenerStageCompleted");
    stageInfo(e, stageId, submittedMillis, completedMillis, parents);
    return add(e);
  }

  private static void stageInfo(ObjectNode e, int stageId, long submitted, long completed, int... parents) {
    ObjectNode info = e.putObject("Stage Info").put("Stage ID", stageId).put("Stage Attempt ID", 0)
        .put("Stage Name", "stage " + stageId).put("Number of Tasks", 1);
    var parentIds = info.putArray("Parent IDs");
    for (int p : parents) parentIds.add(p);
    // An RDD's own "Parent IDs" must not be mistaken for the stage's.
    info.putArray("RDD Info").addObject().put("RDD ID", 99).putArray("Parent IDs").add(12345);
    info.put("Submission Time", T0 + submitted);
    if (completed >= 0) info.put("Completion Time", T0 + completed);
  }

  SyntheticLog taskEnd(int stageId, String executor, long launchMillis, long finishMillis, long bytesRead,
      long heapBytes) {
    ObjectNode e = event("SparkListenerTaskEnd").put("Stage ID", stageId).put("Stage Attempt ID", 0)
        .put("Task Type", "ResultTask");
    e.putObject("Task End Reason").put("Reason", "Success");
    e.putObject("Task Info").put("Task ID", taskId++).put("Executor ID", executor)
        .put("Launch Time", T0 + launchMillis).put("Finish Time", T0 + finishMillis);
    e.putObject("Task Executor Metrics").put("JVMHeapMemory", heapBytes).put("ProcessTreeJVMRSSMemory", heapBytes * 2);
    e.putObject("Task Metrics").putObject("Input Metrics").put("Bytes Read", bytesRead).put("Records Read", 1);
    return add(e);
  }

  SyntheticLog end(long atMillis) {
    return add(event("SparkListenerApplicationEnd").put("Timestamp", T0 + atMillis));
  }

  String text() {
    return String.join("\n", lines) + "\n";
  }

  byte[] bytes() {
    return text().getBytes(StandardCharsets.UTF_8);
  }

  /** Writes the log compressed with codec (as Spark's codecs write it) to file. */
  Path write(Path file, Codec codec) {
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write(compress(bytes(), codec));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] compress(byte[] data, Codec codec) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (OutputStream out = switch (codec) {
          case PLAIN -> buffer;
          case GZIP -> new GZIPOutputStream(buffer);
          case ZSTD -> new ZstdOutputStream(buffer);
          case LZ4 -> new LZ4BlockOutputStream(buffer, 32 * 1024);
          case SNAPPY -> new SnappyOutputStream(buffer, 32 * 1024);
        }) {
      out.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.toByteArray();
  }

  /**
   * The hand-computable run: one executor with 2 cores. Stages 0 (two 4 s tasks) and 1 (two 2 s tasks)
   * are submitted together at 1 s; stage 2 (one 3 s task) joins them. On 2 slots, FIFO: stage 0 runs
   * 1-5 s, stage 1 5-7 s, stage 2 7-10 s; the application ends at 12 s. Busy 9 s, driver time 3 s.
   */
  static SyntheticLog joinExample() {
    return start(2, "4g")
        .executorAdded("1", 2, 500)
        .add(event("SparkListenerJobStart").put("Job ID", 0).put("Submission Time", T0 + 1000))
        .stageSubmitted(0, 1000)
        .stageSubmitted(1, 1000)
        .taskEnd(0, "1", 1000, 5000, 100_000_000, 1L << 30)
        .taskEnd(0, "1", 1000, 5000, 100_000_000, 3L << 29)
        .stageCompleted(0, 1000, 5000)
        .taskEnd(1, "1", 5000, 7000, 0, 1L << 29)
        .taskEnd(1, "1", 5000, 7000, 0, 1L << 29)
        .stageCompleted(1, 1000, 7000)
        .stageSubmitted(2, 7000, 0, 1)
        .taskEnd(2, "1", 7000, 10000, 0, 1L << 29)
        .stageCompleted(2, 7000, 10000, 0, 1)
        .add(event("SparkListenerJobEnd").put("Job ID", 0).put("Completion Time", T0 + 10000))
        .executorRemoved("1", 11000)
        .end(12000);
  }
}
