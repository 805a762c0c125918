package io.sparkscale.grpc;

import static io.sparkscale.grpc.ScalerHarness.metrics;
import static io.sparkscale.grpc.ScalerHarness.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.sparkscale.backlog.CacheSettings;
import io.sparkscale.grpc.externalscaler.ScaledObjectRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Metadata built to hurt the scaler, over a real socket: every call answers INVALID_ARGUMENT at once,
 * naming the key, with a short one-line description that quotes no secret.
 */
class HostileInputTest {

  /** Far above a parse of bounded values, far below the 15 s a megabyte of digits once cost. */
  static final Duration ANSWER_BOUND = Duration.ofSeconds(3);
  static final int MAX_DESCRIPTION = 700;

  final FakeBacklog store = new FakeBacklog().set("incoming", 12);
  ScalerHarness scaler;

  @BeforeEach
  void start() throws Exception {
    scaler = ScalerHarness.start(store, CacheSettings.defaults());
  }

  @AfterEach
  void stop() throws InterruptedException {
    scaler.close();
  }

  static Stream<Arguments> hostileMetadata() {
    return Stream.of(
        // 1. CPU burn from one number
        Arguments.of("1 MB of digits", Map.of("metric", "bytes", "targetBytes", "9".repeat(1 << 20)), "targetBytes"),
        Arguments.of("long activation", Map.of("activationTargetObjectCount", "1".repeat(100_000)),
            "activationTargetObjectCount"),
        // 2. backtracking
        Arguments.of("1m x 3000", Map.of("minObjectAge", "1m".repeat(3000)), "minObjectAge"),
        // 3. overflow
        Arguments.of("3e12 hours", Map.of("minObjectAge", "3000000000000h"), "minObjectAge"),
        Arguments.of("long max ms", Map.of("minObjectAge", "9223372036854775807ms"), "minObjectAge"),
        Arguments.of("sum overflows", Map.of("minObjectAge", "2562047788015h2562047788015h"), "minObjectAge"),
        Arguments.of("above 30 days", Map.of("minObjectAge", "720h1ms"), "minObjectAge"),
        Arguments.of("huge target", Map.of("targetObjectCount", "99999999999999999999"), "targetObjectCount"),
        Arguments.of("huge bytes", Map.of("metric", "bytes", "targetBytes", "99999999999PiB"), "targetBytes"),
        // 4. regions
        Arguments.of("made-up region", Map.of("region", "not-a-region"), "region"),
        Arguments.of("region with newline", Map.of("region", "us-east-1\nforged"), "region"),
        Arguments.of("region path", Map.of("region", "../../etc"), "region"),
        Arguments.of("long region", Map.of("region", "us-" + "e".repeat(5000) + "-1"), "region"),
        // 5. oversized values
        Arguments.of("70 KB bucket", Map.of("bucket", "b".repeat(70_000)), "bucket"),
        Arguments.of("70 KB key name", Map.of("x".repeat(70_000), "v"), "metadata"),
        Arguments.of("70 KB endpoint", Map.of("endpoint", "http://" + "h".repeat(70_000)), "endpoint"),
        // 6. secrets
        Arguments.of("endpoint with user info",
            Map.of("endpoint", "http://AKIAIOSFODNN7EXAMPLE:wJalrXUtnFEMISECRET@minio.evil:9000"), "endpoint"),
        // 7. log forging
        Arguments.of("prefix with CR LF", Map.of("prefix", "in/\r\n2026-11-29 ERROR forged line"), "prefix"),
        Arguments.of("prefix with NEL", Map.of("prefix", "in/\u0085forged"), "prefix"),
        // 8. paths a store may resolve (issue 20)
        Arguments.of("prefix climbing out", Map.of("prefix", "in/../"), "prefix"),
        Arguments.of("prefix climbing with backslashes", Map.of("prefix", "in\\..\\secret\\"), "prefix"),
        Arguments.of("queue URL with dot segments",
            Map.of("notificationQueueURL", "https://sqs.us-east-1.amazonaws.com/123456789012/../123456789012/q"),
            "notificationQueueURL"),
        Arguments.of("queue URL with escapes",
            Map.of("notificationQueueURL", "https://sqs.us-east-1.amazonaws.com/123456789012/%71"),
            "notificationQueueURL"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileMetadata")
  void everyCallIsInvalidArgumentQuicklyAndShort(String label, Map<String, String> hostile, String key) {
    Map<String, String> metadata = new HashMap<>(Map.of("bucket", "incoming"));
    metadata.putAll(hostile);
    for (String method : List.of("GetMetricSpec", "GetMetrics", "IsActive")) {
      long started = System.nanoTime();
      StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class, () -> {
        switch (method) {
          case "GetMetricSpec" -> scaler.blocking().getMetricSpec(ref(metadata));
          case "GetMetrics" -> scaler.blocking().getMetrics(metrics(metadata, "m"));
          default -> scaler.blocking().isActive(ref(metadata));
        }
      });
      Duration took = Duration.ofNanos(System.nanoTime() - started);

      assertThat(refused).as(method).isNotNull();
      assertThat(refused.getStatus().getCode()).as(method + ": " + refused.getStatus())
          .isEqualTo(Status.Code.INVALID_ARGUMENT);
      String description = refused.getStatus().getDescription();
      assertThat(description).as(method).startsWith(key + ":").hasSizeLessThan(MAX_DESCRIPTION)
          .doesNotContain("SECRET").doesNotContain("\n").doesNotContain("\r").doesNotContain("\u0085");
      assertThat(took).as(method + " answered within the bound").isLessThan(ANSWER_BOUND);
    }
    assertThat(store.listings).as("nothing was listed").hasValue(0);
  }

  @Test
  void theAcceptedRangeIsNamedForAnOverflow() {
    StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class,
        () -> scaler.blocking().getMetrics(metrics(Map.of("bucket", "incoming", "minObjectAge", "3000000000000h"), "m")));
    assertThat(refused.getStatus().getDescription()).contains("too large");
    StatusRuntimeException aboveRange = catchThrowableOfType(StatusRuntimeException.class,
        () -> scaler.blocking().isActive(ref(Map.of("bucket", "incoming", "minObjectAge", "721h"))));
    assertThat(aboveRange.getStatus().getDescription()).contains("from 0s to 720h");
  }

  @Test
  void whatIsLoggedFromARequestCannotStartALine() throws Exception {
    Logger logger = Logger.getLogger(ExternalScalerService.class.getName());
    List<String> lines = new ArrayList<>();
    Handler capture = new Handler() {
      @Override
      public void publish(LogRecord record) {
        lines.add(record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage());
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    Level level = logger.getLevel();
    logger.setLevel(Level.ALL);
    logger.addHandler(capture);
    try {
      ScaledObjectRef forged = ScaledObjectRef.newBuilder()
          .setNamespace("team-a\r\n2026-11-29 INFO forged").setName("so\nforged")
          .putScalerMetadata("bucket", "Not_A_Bucket\r\nforged").build();
      catchThrowableOfType(StatusRuntimeException.class, () -> scaler.blocking().isActive(forged));
    } finally {
      logger.removeHandler(capture);
      logger.setLevel(level);
    }
    assertThat(lines).isNotEmpty();
    assertThat(lines).allSatisfy(line -> assertThat(line).doesNotContain("\n").doesNotContain("\r")
        .contains("team-a\\u000d\\u000a"));
  }
}
