package io.sparkscale.simulate.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkscale.simulate.TimelinePoint;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimelineEnvelopeTest {

  static TimelinePoint point(double t, long backlog, int replicas, int nodes) {
    return new TimelinePoint(t, backlog, backlog * 10, replicas, replicas, nodes);
  }

  @Test
  void aShortTimelineIsKeptExactly() {
    TimelineEnvelope envelope = new TimelineEnvelope(10);
    for (int i = 0; i < 20; i++) {
      envelope.accept(point(i, i, i % 3, 1));
    }
    assertThat(envelope.points()).hasSize(20).extracting(TimelinePoint::t).startsWith(0.0, 1.0);
    assertThat(envelope.windowSeconds()).isZero();
  }

  @Test
  void aLongTimelineStaysBoundedAndKeepsEveryPeakAndTheLastLevel() {
    TimelineEnvelope envelope = new TimelineEnvelope(100);
    long n = 2_000_000;
    for (long i = 0; i < n; i++) {
      // A spike of 50 replicas for one step at 1,234,567; otherwise 1 or 2.
      int replicas = i == 1_234_567 ? 50 : (int) (1 + i % 2);
      envelope.accept(point(i, i == 777_777 ? 99_999 : i % 100, replicas, replicas == 50 ? 13 : 1));
    }
    envelope.accept(point(n, 0, 0, 0));
    List<TimelinePoint> points = envelope.points();
    assertThat(points.size()).isLessThanOrEqualTo(4 * 100);
    assertThat(points).extracting(TimelinePoint::replicas).contains(50);
    assertThat(points).extracting(TimelinePoint::nodes).contains(13);
    assertThat(points).extracting(TimelinePoint::backlogObjects).contains(99_999L);
    assertThat(points.get(points.size() - 1)).isEqualTo(point(n, 0, 0, 0));
    assertThat(points).extracting(TimelinePoint::t).isSorted();
    assertThat(envelope.windowSeconds()).isGreaterThan(n / 400.0);
  }
}
