package io.sparkscale.observability;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * A tiny metrics registry written out in the Prometheus text exposition format (version 0.0.4). Enough
 * for counters with labels, gauges read on scrape and one histogram; no dependency on a metrics library.
 */
public final class MetricsRegistry {

  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final List<Metric> metrics = new CopyOnWriteArrayList<>();

  private interface Metric {
    void writeTo(StringBuilder out);
  }

  public Counter counter(String name, String help, String... labelNames) {
    return register(new Counter(name, help, labelNames));
  }

  public Histogram histogram(String name, String help, double... upperBounds) {
    return register(new Histogram(name, help, upperBounds));
  }

  /** A value read when scraped (cache size, open streams). */
  public void gauge(String name, String help, DoubleSupplier value) {
    register(out -> {
      header(out, name, help, "gauge");
      out.append(name).append(' ').append(number(value.getAsDouble())).append('\n');
    });
  }

  /**
   * Gauges read when scraped, one series per key of the map under one label. The keys must come from a
   * bounded set (an enum), never from requests: each becomes a series.
   */
  public void gauges(String name, String help, String labelName, Supplier<Map<String, ? extends Number>> values) {
    register(out -> {
      header(out, name, help, "gauge");
      values.get().forEach((label, value) -> out.append(name)
          .append(labelSet(new String[] {labelName}, new String[] {label}))
          .append(' ').append(number(value.doubleValue())).append('\n'));
    });
  }

  /** A constant 1 carrying labels, the Prometheus idiom for build information. */
  public void info(String name, String help, Map<String, String> labels) {
    register(out -> {
      header(out, name, help, "gauge");
      List<String> names = new ArrayList<>(labels.keySet());
      String[] values = names.stream().map(labels::get).toArray(String[]::new);
      out.append(name).append(labelSet(names.toArray(String[]::new), values)).append(" 1\n");
    });
  }

  public String scrape() {
    StringBuilder out = new StringBuilder();
    for (Metric metric : metrics) {
      metric.writeTo(out);
    }
    return out.toString();
  }

  private <M extends Metric> M register(M metric) {
    metrics.add(metric);
    return metric;
  }

  /** A monotonically increasing count, one series per label-value combination. */
  public static final class Counter implements Metric {
    private static final Comparator<List<String>> SERIES_ORDER =
        (a, b) -> String.join("\u0000", a).compareTo(String.join("\u0000", b));

    private final String name;
    private final String help;
    private final String[] labelNames;
    // A hash lookup per increment (every gRPC call increments one); sorted only when scraped.
    private final Map<List<String>, LongAdder> series = new ConcurrentHashMap<>();

    private Counter(String name, String help, String[] labelNames) {
      this.name = name;
      this.help = help;
      this.labelNames = labelNames.clone();
      if (labelNames.length == 0) {
        series.put(List.of(), new LongAdder());
      }
    }

    public void inc(String... labelValues) {
      add(1, labelValues);
    }

    public void add(long amount, String... labelValues) {
      if (labelValues.length != labelNames.length) {
        throw new IllegalArgumentException(name + " takes labels " + List.of(labelNames));
      }
      List<String> key = List.of(labelValues);
      LongAdder adder = series.get(key);
      (adder != null ? adder : series.computeIfAbsent(key, k -> new LongAdder())).add(amount);
    }

    public long value(String... labelValues) {
      LongAdder adder = series.get(List.of(labelValues));
      return adder == null ? 0 : adder.sum();
    }

    @Override
    public void writeTo(StringBuilder out) {
      header(out, name, help, "counter");
      // Sorted so the exposition is stable between scrapes.
      Map<List<String>, LongAdder> sorted = new TreeMap<>(SERIES_ORDER);
      sorted.putAll(series);
      sorted.forEach((values, adder) -> out.append(name)
          .append(labelSet(labelNames, values.toArray(String[]::new)))
          .append(' ').append(adder.sum()).append('\n'));
    }
  }

  /** Cumulative buckets plus sum and count, as Prometheus histograms are written. */
  public static final class Histogram implements Metric {
    private final String name;
    private final String help;
    private final double[] upperBounds;
    private final LongAdder[] buckets;
    private final LongAdder count = new LongAdder();
    private final DoubleAdder sum = new DoubleAdder();

    private Histogram(String name, String help, double[] upperBounds) {
      this.name = name;
      this.help = help;
      this.upperBounds = upperBounds.clone();
      this.buckets = new LongAdder[upperBounds.length];
      for (int i = 0; i < buckets.length; i++) {
        buckets[i] = new LongAdder();
      }
    }

    public void observe(double value) {
      for (int i = 0; i < upperBounds.length; i++) {
        if (value <= upperBounds[i]) {
          buckets[i].increment();
        }
      }
      count.increment();
      sum.add(value);
    }

    public long count() {
      return count.sum();
    }

    @Override
    public void writeTo(StringBuilder out) {
      header(out, name, help, "histogram");
      for (int i = 0; i < upperBounds.length; i++) {
        out.append(name).append("_bucket{le=\"").append(number(upperBounds[i])).append("\"} ")
            .append(buckets[i].sum()).append('\n');
      }
      long total = count.sum();
      out.append(name).append("_bucket{le=\"+Inf\"} ").append(total).append('\n');
      out.append(name).append("_sum ").append(number(sum.sum())).append('\n');
      out.append(name).append("_count ").append(total).append('\n');
    }
  }

  private static void header(StringBuilder out, String name, String help, String type) {
    out.append("# HELP ").append(name).append(' ').append(help.replace("\\", "\\\\").replace("\n", "\\n"))
        .append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  private static String labelSet(String[] names, String[] values) {
    if (names.length == 0) {
      return "";
    }
    StringBuilder out = new StringBuilder("{");
    for (int i = 0; i < names.length; i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(names[i]).append("=\"").append(escape(values[i])).append('"');
    }
    return out.append('}').toString();
  }

  private static String escape(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  private static String number(double value) {
    if (value == Math.rint(value) && !Double.isInfinite(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return String.format(Locale.ROOT, "%s", value);
  }
}
