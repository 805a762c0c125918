package io.sparkscale.bench;

import io.sparkscale.units.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One open-loop case's size and the `serve` it runs against, from the scale's defaults, each overridable by
 * a system property {@code bench.<case>.<key>} (e.g. {@code -Dbench.fleet.period=60s}):
 *
 * <pre>
 * key       meaning                                              hotkey       fleet      bigfleet
 * triggers  ScaledObjects, one prefix each                       1            1,000      10,000
 * objects   objects under the hot key's prefix (hot key only)    20,000       -          -
 * delay     added by the proxy to every store request            0 (*)        500ms      100ms
 * rate      GetMetrics calls per second (hot key only)           500          -          -
 * period    KEDA's polling interval (5 calls per trigger)        -            30s        30s
 * warmup    unmeasured run at the same load, after first counts  5s           10s        10s
 * seconds   measured run                                         30           60         60
 * flags     extra `serve` arguments                              (none)       (none)     (none)
 * jvm       JVM options of `serve` (JAVA_TOOL_OPTIONS)           bench.serve.jvm
 * </pre>
 *
 * (*) with s3proxy; 1600ms in the in-memory store ({@code -Dbench.open.store=memory}).
 *
 * Shared: {@code bench.serve.flags} (appended to every case's flags), {@code bench.open.deadline} (each
 * call's deadline, 1s), {@code bench.prime.timeout} (how long to wait for first counts).
 */
record OpenLoopSettings(String name, int triggers, int objects, Duration storeDelay, double rate, Duration period,
    Duration warmUp, Duration measure, Duration deadline, Duration primeTimeout, List<String> serveFlags,
    String jvm) {

  static OpenLoopSettings hotKey(Scale scale) {
    boolean full = scale == Scale.FULL;
    // 20 pages. In the in-memory store a page is cheap, so a delay makes the listing take seconds (8 ranges
    // of at most 3 pages after the first count: about 5 s); s3proxy reads the whole prefix for every page
    // (3.2 s for the 20 pages on a quiet machine), so there the listing is slow without one, as issue 18 ran it.
    String delay = OpenLoopStore.kind().equals("s3proxy") ? "0ms" : full ? "1600ms" : "250ms";
    return of("hotkey", scale, 1, full ? 20_000 : 2_000, delay, full ? 500 : 100, "30s",
        full ? "5s" : "1s", full ? 30 : 3);
  }

  static OpenLoopSettings fleet(Scale scale) {
    boolean full = scale == Scale.FULL;
    return of("fleet", scale, full ? 1_000 : 20, 0, full ? "500ms" : "100ms", 0, full ? "30s" : "2s",
        full ? "10s" : "1s", full ? 60 : 4);
  }

  static OpenLoopSettings bigFleet(Scale scale) {
    boolean full = scale == Scale.FULL;
    return of("bigfleet", scale, full ? 10_000 : 50, 0, full ? "100ms" : "20ms", 0, full ? "30s" : "2s",
        full ? "10s" : "1s", full ? 60 : 4);
  }

  private static OpenLoopSettings of(String name, Scale scale, int triggers, int objects, String delay, double rate,
      String period, String warmUp, int seconds) {
    // At smoke size a short cache period, so the few seconds measured include refreshes.
    String smokeFlags = scale == Scale.SMOKE ? "--cache-ttl 2s" : "";
    List<String> flags = new ArrayList<>(words(System.getProperty("bench." + name + ".flags", smokeFlags)));
    flags.addAll(words(System.getProperty("bench.serve.flags", "")));
    return new OpenLoopSettings(name,
        Integer.parseInt(property(name, "triggers", Integer.toString(triggers))),
        Integer.parseInt(property(name, "objects", Integer.toString(objects))),
        duration(name, "delay", delay),
        Double.parseDouble(property(name, "rate", Double.toString(rate))),
        duration(name, "period", period),
        duration(name, "warmup", warmUp),
        Duration.ofSeconds(Long.parseLong(property(name, "seconds", Integer.toString(seconds)))),
        Durations.parsePositive("bench.open.deadline", System.getProperty("bench.open.deadline", "1s")),
        Durations.parsePositive("bench.prime.timeout",
            System.getProperty("bench.prime.timeout", scale == Scale.FULL ? "5m" : "1m")),
        List.copyOf(flags),
        System.getProperty("bench." + name + ".jvm", System.getProperty("bench.serve.jvm", "")).trim());
  }

  /** The max staleness `serve` runs with: its flag when given, else serve's default (60s). */
  Duration maxStaleness() {
    return Durations.parse("--max-staleness", flag("--max-staleness", "60s"));
  }

  /** How long `serve` reuses a count: its flag when given, else serve's default (10s); the reference gets the same. */
  Duration cacheTtl() {
    return Durations.parse("--cache-ttl", flag("--cache-ttl", "10s"));
  }

  /** The last value given to a `serve` flag (as "--name value" or "--name=value"), else {@code fallback}. */
  private String flag(String name, String fallback) {
    String value = fallback;
    for (int i = 0; i < serveFlags.size(); i++) {
      if (serveFlags.get(i).equals(name) && i + 1 < serveFlags.size()) {
        value = serveFlags.get(i + 1);
      } else if (serveFlags.get(i).startsWith(name + "=")) {
        value = serveFlags.get(i).substring(name.length() + 1);
      }
    }
    return value;
  }

  /** For the table: the extra flags, or "(none)". */
  String flagsText() {
    return serveFlags.isEmpty() ? "(none)" : String.join(" ", serveFlags);
  }

  private static String property(String name, String key, String fallback) {
    return System.getProperty("bench." + name + "." + key, fallback).trim();
  }

  private static Duration duration(String name, String key, String fallback) {
    return Durations.parse("bench." + name + "." + key, property(name, key, fallback));
  }

  private static List<String> words(String text) {
    return text.isBlank() ? List.of() : Arrays.asList(text.trim().split("\\s+"));
  }
}
