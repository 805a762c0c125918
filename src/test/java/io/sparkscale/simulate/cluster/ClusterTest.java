package io.sparkscale.simulate.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkscale.simulate.Throughput;
import io.sparkscale.simulate.WorkModel;
import io.sparkscale.trigger.TriggerSpec.Metric;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterTest {

  private record Timer(long time, int kind, Object ref) {}

  private final List<Timer> timers = new ArrayList<>();

  private Cluster cluster(int podsPerNode, int minNodes) {
    WorkModel work = new WorkModel(new Throughput(1, Metric.OBJECTS), Duration.ofSeconds(20),
        Duration.ofSeconds(90), podsPerNode, minNodes, Duration.ofMinutes(10), null);
    return new Cluster(work, (time, kind, ref) -> timers.add(new Timer(time, kind, ref)));
  }

  private List<Timer> timersOf(int kind) {
    return timers.stream().filter(t -> t.kind == kind).toList();
  }

  @Test
  void podsBeyondTheUpcomingNodesAskForNodesOnce() {
    Cluster c = cluster(4, 0);
    c.start(0);
    for (int i = 0; i < 5; i++) {
      c.addPod(1_000);
    }
    // 5 pods, 4 per node: two nodes, not one per pod.
    assertThat(timersOf(Cluster.NODE_READY)).hasSize(2).allMatch(t -> t.time == 91_000);
    assertThat(c.unscheduledPods()).isEqualTo(5);
    c.addPod(2_000);
    c.addPod(2_000);
    c.addPod(2_000);
    // 8 pods fit the two upcoming nodes: nothing more.
    assertThat(timersOf(Cluster.NODE_READY)).hasSize(2);
    c.addPod(3_000);
    assertThat(timersOf(Cluster.NODE_READY)).hasSize(3);
    c.nodeReady((Node) timersOf(Cluster.NODE_READY).get(0).ref, 91_000);
    assertThat(c.unscheduledPods()).isEqualTo(5);
    assertThat(timersOf(Cluster.POD_READY)).hasSize(4).allMatch(t -> t.time == 111_000);
  }

  @Test
  void aNewPodGoesToTheLeastAllocatedReadyNode() {
    Cluster c = cluster(4, 2);
    c.start(3);
    // Spread at the start: 2 and 1. The next pod goes to the emptier node.
    Pod p = c.addPod(10);
    assertThat(p.node.pods).isEqualTo(2);
    assertThat(c.nodes()).isEqualTo(2);
  }

  @Test
  void anEmptyNodeGoesAfterTheDelayButNotBelowTheMinimum() {
    Cluster c = cluster(1, 1);
    List<Pod> pods = c.start(3);
    assertThat(c.nodes()).isEqualTo(3);
    c.remove(pods, 100_000);
    List<Timer> empty = timersOf(Cluster.NODE_EMPTY);
    assertThat(empty).hasSize(3).allMatch(t -> t.time == 700_000);
    c.nodeEmptyLongEnough((Node) empty.get(0).ref, 699_999);
    assertThat(c.nodes()).isEqualTo(3);
    for (Timer t : empty) {
      c.nodeEmptyLongEnough((Node) t.ref, t.time);
    }
    assertThat(c.nodes()).isEqualTo(1);
    assertThat(c.nodesSettled()).isTrue();
  }

  @Test
  void aNodeThatFilledAgainIsKept() {
    Cluster c = cluster(1, 0);
    List<Pod> pods = c.start(1);
    c.remove(pods, 1_000);
    c.addPod(2_000);
    c.nodeEmptyLongEnough((Node) timersOf(Cluster.NODE_EMPTY).get(0).ref, 601_000);
    assertThat(c.nodes()).isEqualTo(1);
  }

  @Test
  void aWaitingPodTakesAFreedSlotAtOnce() {
    Cluster c = cluster(1, 0);
    List<Pod> pods = c.start(1);
    Pod waiting = c.addPod(1_000);
    assertThat(waiting.isScheduled()).isFalse();
    c.remove(pods.get(0), 2_000);
    assertThat(waiting.isScheduled()).isTrue();
    assertThat(waiting.boundAt()).isEqualTo(2_000);
  }
}
