package io.sparkscale.simulate.report;

import io.sparkscale.simulate.TimelinePoint;
import io.sparkscale.simulate.TimelineSink;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps a timeline of any length in bounded memory, for plots and the JSON. While there are at most
 * {@code 2 x buckets} points they are kept exactly. Past that, time is cut into equal windows (doubled in width,
 * and neighbours merged, whenever there are more than {@code 2 x buckets} of them); each window keeps its
 * largest backlog, replicas and nodes (its envelope, at the window's first change) and its last state (at the
 * window's last change). So no peak is ever lost, and the level between windows is the true one.
 */
public final class TimelineEnvelope implements TimelineSink {

  private final int buckets;
  private List<TimelinePoint> exact = new ArrayList<>();
  private List<Window> windows;
  private double width;

  /** @param buckets windows kept at the least; at most four times as many points come out */
  public TimelineEnvelope(int buckets) {
    if (buckets < 1) {
      throw new IllegalArgumentException("buckets must be 1 or more");
    }
    this.buckets = buckets;
  }

  @Override
  public void accept(TimelinePoint point) {
    if (exact != null) {
      exact.add(point);
      if (exact.size() > 2 * buckets) {
        coarsen();
      }
      return;
    }
    long index = (long) Math.floor(point.t() / width);
    Window last = windows.isEmpty() ? null : windows.get(windows.size() - 1);
    if (last != null && last.index == index) {
      last.add(point);
    } else {
      windows.add(new Window(index, point));
      if (windows.size() > 2 * buckets) {
        merge();
      }
    }
  }

  /** The kept points, in time order. */
  public List<TimelinePoint> points() {
    if (exact != null) {
      return List.copyOf(exact);
    }
    List<TimelinePoint> out = new ArrayList<>();
    for (Window w : windows) {
      out.add(w.envelope());
      if (!w.last.equals(w.envelope()) && w.last.t() > w.first) {
        out.add(w.last);
      }
    }
    return out;
  }

  /** Seconds per window, or 0 while every point is kept. */
  public double windowSeconds() {
    return exact != null ? 0 : width;
  }

  private void coarsen() {
    double span = exact.get(exact.size() - 1).t() - exact.get(0).t();
    // Powers of two seconds, so windows stay aligned when they are merged later.
    width = 1.0 / 1024;
    while (span / width > buckets) {
      width *= 2;
    }
    windows = new ArrayList<>();
    List<TimelinePoint> points = exact;
    exact = null;
    points.forEach(this::accept);
  }

  private void merge() {
    width *= 2;
    List<Window> merged = new ArrayList<>();
    for (Window w : windows) {
      long index = (long) Math.floor(w.first / width);
      Window last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
      if (last != null && last.index == index) {
        last.absorb(w);
      } else {
        w.index = index;
        merged.add(w);
      }
    }
    windows = merged;
  }

  private static final class Window {
    long index;
    final double first;
    long backlogObjects;
    long backlogBytes;
    int replicas;
    int readyReplicas;
    int nodes;
    TimelinePoint last;

    Window(long index, TimelinePoint point) {
      this.index = index;
      this.first = point.t();
      add(point);
    }

    void add(TimelinePoint p) {
      backlogObjects = Math.max(backlogObjects, p.backlogObjects());
      backlogBytes = Math.max(backlogBytes, p.backlogBytes());
      replicas = Math.max(replicas, p.replicas());
      readyReplicas = Math.max(readyReplicas, p.readyReplicas());
      nodes = Math.max(nodes, p.nodes());
      last = p;
    }

    void absorb(Window later) {
      backlogObjects = Math.max(backlogObjects, later.backlogObjects);
      backlogBytes = Math.max(backlogBytes, later.backlogBytes);
      replicas = Math.max(replicas, later.replicas);
      readyReplicas = Math.max(readyReplicas, later.readyReplicas);
      nodes = Math.max(nodes, later.nodes);
      last = later.last;
    }

    TimelinePoint envelope() {
      return new TimelinePoint(first, backlogObjects, backlogBytes, replicas, readyReplicas, nodes);
    }
  }
}
