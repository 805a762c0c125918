package io.sparkscale.eventlog;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkscale.units.InvalidInputException;
import io.sparkscale.units.Sizes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one event log in a single streaming pass and sums what sizing needs. Memory grows with the number
 * of executors and stages and with one duration per task (16 bytes), never with the size of the log.
 */
public final class EventLogAnalyzer {

  private String sparkVersion = "";
  private String appId = "";
  private String appName = "";
  private String attemptId = "";
  private long startMillis = -1;
  private long endMillis = -1;
  private long lastMillis = -1;
  private long taskCount;
  private long failedTaskCount;
  private long taskMillis;
  private long bytesRead;
  private int jobCount;
  private final Map<String, String> properties = new HashMap<>();
  private Integer profileCores;
  private Long profileMemoryMiB;
  private Double profileTaskCpus;
  private final Map<String, Executor> executors = new LinkedHashMap<>();
  private final Map<Integer, StageBuilder> stages = new LinkedHashMap<>();
  private final Map<String, long[]> memoryByExecutor = new HashMap<>();

  private EventLogAnalyzer() {}

  /** Resolves PATH (file, rolling directory or directory of attempts) and analyses it. */
  public static EventLogAnalysis analyze(Path path) {
    return analyze(LogSources.resolve(path));
  }

  public static EventLogAnalysis analyze(LogSource source) {
    EventLogAnalyzer analyzer = new EventLogAnalyzer();
    String truncation;
    long events = 0;
    try (EventLines lines = new EventLines(source.parts())) {
      for (JsonNode event = lines.next(); event != null; event = lines.next()) {
        analyzer.accept(event);
        events++;
      }
      truncation = lines.truncation();
    }
    if (events == 0) {
      throw new InvalidInputException("--event-log: " + source.path() + ": not a Spark event log ("
          + (truncation == null ? "no events" : truncation) + ")");
    }
    if (analyzer.startMillis < 0) {
      throw new InvalidInputException("--event-log: " + source.path()
          + ": not a Spark application's log (no SparkListenerApplicationStart)");
    }
    if (truncation == null && analyzer.endMillis < 0) {
      truncation = source.inProgress()
          ? "the log is still marked in progress and has no SparkListenerApplicationEnd"
          : "no SparkListenerApplicationEnd: the application did not finish or the log was cut";
    }
    return analyzer.result(source, truncation);
  }

  private void accept(JsonNode e) {
    seeTime(e.path("Timestamp"));
    switch (e.path("Event").asText()) {
      case "SparkListenerLogStart" -> sparkVersion = e.path("Spark Version").asText("");
      case "SparkListenerApplicationStart" -> {
        appId = e.path("App ID").asText("");
        appName = e.path("App Name").asText("");
        attemptId = e.path("App Attempt ID").asText("");
        startMillis = e.path("Timestamp").asLong();
      }
      case "SparkListenerApplicationEnd" -> endMillis = e.path("Timestamp").asLong();
      case "SparkListenerEnvironmentUpdate" ->
          e.path("Spark Properties").properties().forEach(p -> properties.put(p.getKey(), p.getValue().asText()));
      case "SparkListenerResourceProfileAdded" -> resourceProfile(e);
      case "SparkListenerExecutorAdded" -> executors.putIfAbsent(e.path("Executor ID").asText(),
          new Executor(e.path("Executor Info").path("Total Cores").asInt(0), e.path("Timestamp").asLong()));
      case "SparkListenerExecutorRemoved" -> {
        Executor executor = executors.get(e.path("Executor ID").asText());
        if (executor != null) executor.removedMillis = e.path("Timestamp").asLong();
      }
      case "SparkListenerJobStart" -> {
        jobCount++;
        seeTime(e.path("Submission Time"));
      }
      case "SparkListenerJobEnd" -> seeTime(e.path("Completion Time"));
      case "SparkListenerStageSubmitted", "SparkListenerStageCompleted" -> stage(e.path("Stage Info"));
      case "SparkListenerTaskStart" -> seeTime(e.path("Task Info").path("Launch Time"));
      case "SparkListenerTaskEnd" -> taskEnd(e);
      case "SparkListenerExecutorMetricsUpdate", "SparkListenerStageExecutorMetrics" ->
          memory(e.path("Executor ID").asText(), e);
      default -> { }
    }
  }

  private void seeTime(JsonNode time) {
    if (time.isNumber() && time.asLong() > 0) {
      lastMillis = Math.max(lastMillis, time.asLong());
    }
  }

  private void resourceProfile(JsonNode e) {
    if (e.path("Resource Profile Id").asInt(-1) != 0) {
      return; // the default profile is the one spark.executor.* describes
    }
    JsonNode requests = e.path("Executor Resource Requests");
    if (requests.has("cores")) profileCores = requests.path("cores").path("Amount").asInt();
    if (requests.has("memory")) profileMemoryMiB = requests.path("memory").path("Amount").asLong();
    JsonNode cpus = e.path("Task Resource Requests").path("cpus");
    if (cpus.has("Amount")) profileTaskCpus = cpus.path("Amount").asDouble();
  }

  private void stage(JsonNode info) {
    StageBuilder stage = stages.computeIfAbsent(info.path("Stage ID").asInt(), StageBuilder::new);
    stage.name = info.path("Stage Name").asText(stage.name);
    List<Integer> parents = new ArrayList<>();
    info.path("Parent IDs").forEach(p -> parents.add(p.asInt()));
    stage.parents = parents;
    stage.attempts = Math.max(stage.attempts, info.path("Stage Attempt ID").asInt(0) + 1);
    long submitted = info.path("Submission Time").asLong(-1);
    if (submitted > 0 && (stage.submittedMillis < 0 || submitted < stage.submittedMillis)) {
      stage.submittedMillis = submitted;
    }
    long completed = info.path("Completion Time").asLong(-1);
    stage.completedMillis = Math.max(stage.completedMillis, completed);
    seeTime(info.path("Submission Time"));
    seeTime(info.path("Completion Time"));
  }

  private void taskEnd(JsonNode e) {
    JsonNode info = e.path("Task Info");
    long launch = info.path("Launch Time").asLong();
    long finish = info.path("Finish Time").asLong();
    seeTime(info.path("Finish Time"));
    long millis = Math.max(0, finish - launch);
    taskCount++;
    taskMillis += millis;
    if (!"Success".equals(e.path("Task End Reason").path("Reason").asText("Success"))) {
      failedTaskCount++;
    }
    long read = e.path("Task Metrics").path("Input Metrics").path("Bytes Read").asLong(0);
    bytesRead += read;
    StageBuilder stage = stages.computeIfAbsent(e.path("Stage ID").asInt(), StageBuilder::new);
    stage.addTask(launch, millis);
    stage.bytesRead += read;
    memory(info.path("Executor ID").asText(), e.path("Task Executor Metrics"));
  }

  /** Keeps each executor's highest JVM heap and RSS, wherever in the event they appear. */
  private void memory(String executorId, JsonNode metrics) {
    long heap = metrics.findValues("JVMHeapMemory").stream().mapToLong(JsonNode::asLong).max().orElse(0);
    long rss = metrics.findValues("ProcessTreeJVMRSSMemory").stream().mapToLong(JsonNode::asLong).max().orElse(0);
    if (heap > 0 || rss > 0) {
      long[] peak = memoryByExecutor.computeIfAbsent(executorId, id -> new long[2]);
      peak[0] = Math.max(peak[0], heap);
      peak[1] = Math.max(peak[1], rss);
    }
  }

  private EventLogAnalysis result(LogSource source, String truncation) {
    long end = endMillis > 0 ? endMillis : Math.max(lastMillis, startMillis);
    double executorCoreSeconds = 0;
    List<long[]> steps = new ArrayList<>(); // {time, +1 or -1}
    for (Executor x : executors.values()) {
      long removed = x.removedMillis > 0 ? Math.min(x.removedMillis, end) : end;
      executorCoreSeconds += x.cores * Math.max(0, removed - x.addedMillis) / 1000.0;
      steps.add(new long[] {x.addedMillis, 1});
      if (x.removedMillis > 0) steps.add(new long[] {x.removedMillis, -1});
    }
    // At one instant, removals before additions: an executor replaced at once is not two executors.
    steps.sort(Comparator.<long[]>comparingLong(s -> s[0]).thenComparingLong(s -> s[1]));
    List<ExecutorCount> timeline = new ArrayList<>();
    int alive = 0;
    int max = 0;
    double executorSeconds = 0;
    long previous = startMillis;
    for (long[] step : steps) {
      long t = Math.max(step[0], startMillis);
      executorSeconds += alive * Math.max(0, Math.min(t, end) - previous) / 1000.0;
      previous = Math.max(previous, Math.min(t, end));
      alive += (int) step[1];
      max = Math.max(max, alive);
      ExecutorCount point = new ExecutorCount((t - startMillis) / 1000.0, alive);
      if (!timeline.isEmpty() && timeline.get(timeline.size() - 1).offsetSeconds() == point.offsetSeconds()) {
        timeline.set(timeline.size() - 1, point);
      } else {
        timeline.add(point);
      }
    }
    executorSeconds += alive * Math.max(0, end - previous) / 1000.0;
    double applicationSeconds = Math.max(0, end - startMillis) / 1000.0;
    ExecutorSettings settings = settings();
    double taskSeconds = taskMillis / 1000.0;
    List<StageRun> stageRuns = stages.values().stream()
        .map(s -> s.build(lastMillis))
        .sorted(Comparator.comparingLong(StageRun::submittedMillis).thenComparingInt(StageRun::stageId))
        .toList();
    List<String> notes = new ArrayList<>(source.notes());
    if (!executors.isEmpty() && executors.keySet().stream().allMatch("driver"::equals)) {
      notes.add("local mode: the driver ran every task as the one executor (" + settings.executorCores()
          + " cores); the replay treats it as an executor of that size");
    }
    return new EventLogAnalysis(
        sparkVersion, appId, appName, attemptId, truncation != null, truncation, notes,
        startMillis, applicationSeconds, taskCount, failedTaskCount, taskSeconds, executorCoreSeconds,
        executorCoreSeconds > 0 ? taskSeconds * settings.taskCpus() / executorCoreSeconds : 0,
        settings, executors.size(), max,
        applicationSeconds > 0 ? executorSeconds / applicationSeconds : 0,
        timeline, memoryPeaks(), bytesRead, taskSeconds > 0 ? bytesRead / taskSeconds : 0,
        jobCount, stageRuns);
  }

  private ExecutorSettings settings() {
    // What executors reported beats the default profile: in local mode the profile says 1 core while the
    // one executor (the driver) runs local[N]'s N task threads.
    Integer cores = intProperty("spark.executor.cores");
    if (cores == null || cores <= 0) cores = mostCommonExecutorCores();
    if (cores == null || cores <= 0) cores = profileCores;
    if (cores == null || cores <= 0) cores = 1;
    Long memoryMiB = null;
    String memory = properties.get("spark.executor.memory");
    if (memory != null) {
      try {
        memoryMiB = Sizes.parseMemoryMiB("spark.executor.memory", memory);
      } catch (InvalidInputException e) {
        memoryMiB = null; // a value Spark itself would have refused; fall back to the profile
      }
    }
    if (memoryMiB == null) memoryMiB = profileMemoryMiB;
    Integer taskCpus = intProperty("spark.task.cpus");
    if (taskCpus == null) taskCpus = profileTaskCpus == null ? 1 : (int) Math.max(1, Math.round(profileTaskCpus));
    return new ExecutorSettings(cores, memoryMiB, Math.max(1, taskCpus),
        Boolean.parseBoolean(properties.getOrDefault("spark.dynamicAllocation.enabled", "false")),
        intProperty("spark.dynamicAllocation.maxExecutors"),
        properties.getOrDefault("spark.master", ""));
  }

  private Integer mostCommonExecutorCores() {
    Map<Integer, Integer> counts = new HashMap<>();
    executors.values().forEach(x -> counts.merge(x.cores, 1, Integer::sum));
    return counts.entrySet().stream()
        .filter(c -> c.getKey() > 0)
        .max(Map.Entry.<Integer, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
        .map(Map.Entry::getKey)
        .orElse(null);
  }

  private Integer intProperty(String key) {
    String value = properties.get(key);
    try {
      return value == null ? null : Integer.valueOf(value.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private MemoryPeaks memoryPeaks() {
    // The driver is an executor only in local mode; elsewhere its JVM is not sized by executor settings.
    boolean driverOnly = executors.keySet().stream().allMatch("driver"::equals);
    long heap = 0;
    long rss = 0;
    for (Map.Entry<String, long[]> peak : memoryByExecutor.entrySet()) {
      if (driverOnly || !"driver".equals(peak.getKey())) {
        heap = Math.max(heap, peak.getValue()[0]);
        rss = Math.max(rss, peak.getValue()[1]);
      }
    }
    return new MemoryPeaks(heap > 0 ? heap : null, rss > 0 ? rss : null);
  }

  private static final class Executor {
    final int cores;
    final long addedMillis;
    long removedMillis = -1;

    Executor(int cores, long addedMillis) {
      this.cores = cores;
      this.addedMillis = addedMillis;
    }
  }

  private static final class StageBuilder {
    final int stageId;
    String name = "";
    List<Integer> parents = List.of();
    int attempts = 1;
    long submittedMillis = -1;
    long completedMillis = -1;
    long bytesRead;
    long[] launches = new long[8];
    long[] durations = new long[8];
    int tasks;
    long firstLaunch = Long.MAX_VALUE;
    long lastFinish = -1;

    StageBuilder(int stageId) {
      this.stageId = stageId;
    }

    void addTask(long launch, long millis) {
      if (tasks == launches.length) {
        launches = Arrays.copyOf(launches, tasks * 2);
        durations = Arrays.copyOf(durations, tasks * 2);
      }
      launches[tasks] = launch;
      durations[tasks] = millis;
      tasks++;
      firstLaunch = Math.min(firstLaunch, launch);
      lastFinish = Math.max(lastFinish, launch + millis);
    }

    StageRun build(long logEndMillis) {
      long[] inLaunchOrder = Arrays.copyOf(durations, tasks);
      boolean sorted = true;
      for (int i = 1; i < tasks && sorted; i++) sorted = launches[i - 1] <= launches[i];
      if (!sorted) { // TaskEnd comes in finish order; boxing only when that differs from launch order
        Integer[] order = new Integer[tasks];
        for (int i = 0; i < tasks; i++) order[i] = i;
        Arrays.sort(order, Comparator.comparingLong(i -> launches[i]));
        for (int i = 0; i < tasks; i++) inLaunchOrder[i] = durations[order[i]];
      }
      long submitted = submittedMillis > 0 ? submittedMillis : (tasks > 0 ? firstLaunch : logEndMillis);
      long completed = completedMillis > 0 ? completedMillis : Math.max(logEndMillis, lastFinish);
      return new StageRun(stageId, name, parents, submitted, Math.max(submitted, completed), attempts,
          bytesRead, inLaunchOrder);
    }
  }
}
