package io.sparkscale.simulate.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The ranking of kubernetes/kubernetes pkg/controller/controller_utils.go ActivePodsWithRanks.Less. */
class DeletionOrderTest {

  private static Pod pod(int id, Node node, boolean ready, long readyAt, long createdAt) {
    Pod p = new Pod(id, createdAt);
    p.node = node;
    p.ready = ready;
    p.readyAt = readyAt;
    if (node != null) {
      node.pods++;
    }
    return p;
  }

  @Test
  void unscheduledThenStartingThenReady() {
    Node a = new Node(0, true);
    Pod ready = pod(1, a, true, 0, 0);
    Pod starting = pod(2, a, false, -1, 5_000);
    Pod unscheduled = pod(3, null, false, -1, 1_000);
    assertThat(DeletionOrder.podsToDelete(List.of(ready, starting, unscheduled), 3, 100_000))
        .containsExactly(unscheduled, starting, ready);
  }

  @Test
  void doubledUpBeforeAlone() {
    Node crowded = new Node(0, true);
    Node alone = new Node(1, true);
    Pod x = pod(1, alone, true, 0, 0);
    Pod y = pod(2, crowded, true, 0, 0);
    Pod z = pod(3, crowded, true, 0, 0);
    assertThat(DeletionOrder.podsToDelete(List.of(x, y, z), 1, 100_000)).containsExactly(z);
  }

  @Test
  void readyForLessTimeFirstOnALogarithmicScale() {
    long now = 10_000_000;
    // floor(log2(ns ready)): 4,000 s -> 41; 5,000 s and 8,000 s -> 42 (a tie, newer pod first); 9,000 s -> 43.
    Pod recent = pod(1, new Node(0, true), true, now - 4_000_000, 0);
    Pod fiveThousand = pod(2, new Node(1, true), true, now - 5_000_000, 0);
    Pod eightThousand = pod(3, new Node(2, true), true, now - 8_000_000, 0);
    Pod old = pod(4, new Node(3, true), true, now - 9_000_000, 0);
    assertThat(DeletionOrder.podsToDelete(List.of(old, fiveThousand, recent, eightThousand), 4, now))
        .containsExactly(recent, eightThousand, fiveThousand, old);
  }
}
