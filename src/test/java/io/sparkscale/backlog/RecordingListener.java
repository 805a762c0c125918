package io.sparkscale.backlog;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Remembers every event, as "hit", "started", "counted 7", "failed msg", "stale PT12S". */
final class RecordingListener implements BacklogListener {

  final List<String> events = new CopyOnWriteArrayList<>();

  @Override
  public void cacheHit(CountKey key) {
    events.add("hit");
  }

  @Override
  public void countStarted(CountKey key) {
    events.add("started");
  }

  @Override
  public void counted(CountKey key, BacklogCount count) {
    events.add("counted " + count.objects());
  }

  @Override
  public void countFailed(CountKey key, Throwable error) {
    events.add("failed " + error.getMessage());
  }

  @Override
  public void staleServed(CountKey key, Duration age) {
    events.add("stale " + age);
  }

  long count(String prefix) {
    return events.stream().filter(e -> e.startsWith(prefix)).count();
  }
}
