package io.sparkscale.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Watches a running `serve` while a case measures it: its RSS every second and, every few seconds, the
 * largest sample of any /metrics series whose name contains "oldest" (the age of the oldest count the
 * scaler serves, where the scaler exports one). One background thread; both reads are cheap.
 */
final class ServeWatch implements AutoCloseable {

  private final ServeProcess serve;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "serve-watch");
    thread.setDaemon(true);
    return thread;
  });
  private volatile long maxRssKb = -1;
  private volatile String oldestName;
  private volatile double oldestMax = Double.NaN;
  private volatile int scrapes;

  ServeWatch(ServeProcess serve, Duration scrapeEvery) {
    this.serve = serve;
    timer.scheduleAtFixedRate(this::sampleRss, 0, 1, TimeUnit.SECONDS);
    timer.scheduleAtFixedRate(this::scrape, 0, scrapeEvery.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The largest RSS seen while watching, KiB (-1 if none). */
  long maxRssKb() {
    return maxRssKb;
  }

  /** The metric's name, or "n/a" when /metrics has no series named "...oldest...". */
  String oldestName() {
    return oldestName == null ? "n/a" : oldestName;
  }

  /** Its largest value seen while watching, in the metric's own unit (NaN when absent). */
  double oldestMax() {
    return oldestMax;
  }

  int scrapes() {
    return scrapes;
  }

  private void sampleRss() {
    maxRssKb = Math.max(maxRssKb, serve.rssKb());
  }

  /** The sum over label sets of a /metrics series right now (e.g. a histogram's _count), NaN if absent. */
  double series(String name) {
    try {
      double sum = Double.NaN;
      for (String line : metrics().split("\n")) {
        if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
          double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
          sum = Double.isNaN(sum) ? value : sum + value;
        }
      }
      return sum;
    } catch (Exception e) {
      return Double.NaN;
    }
  }

  private String metrics() throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + serve.httpPort() + "/metrics"))
        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  private void scrape() {
    try {
      String body = metrics();
      scrapes++;
      for (String line : body.split("\n")) {
        int end = nameEnd(line);
        if (line.startsWith("#") || end < 0 || !line.substring(0, end).contains("oldest")) {
          continue;
        }
        // Histogram series (_bucket/_count/_sum) of an "oldest" family are not ages: skip them.
        String name = line.substring(0, end);
        if (name.endsWith("_bucket") || name.endsWith("_count") || name.endsWith("_sum")) {
          continue;
        }
        double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        oldestName = name;
        oldestMax = Double.isNaN(oldestMax) ? value : Math.max(oldestMax, value);
      }
    } catch (Exception e) {
      // a missed scrape (busy server): the next one counts
    }
  }

  private static int nameEnd(String line) {
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '{' || c == ' ') {
        return i;
      }
    }
    return -1;
  }

  @Override
  public void close() throws InterruptedException {
    timer.shutdownNow();
    timer.awaitTermination(5, TimeUnit.SECONDS);
    sampleRss();
  }
}
