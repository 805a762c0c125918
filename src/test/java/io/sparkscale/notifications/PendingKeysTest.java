package io.sparkscale.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PendingKeysTest {

  static final long NOW = 1_700_000_000L;

  @Test
  void growsAndPurgesTombstonesWithoutLosingKeys() {
    PendingKeys table = new PendingKeys();
    int n = 50_000;
    for (int i = 0; i < n; i++) {
      assertThat(table.apply(KeyFingerprint.of("k" + i), Sequencer.parse("10"), true, i, NOW, false)).isTrue();
    }
    assertThat(table.live()).isEqualTo(n);
    for (int i = 0; i < n; i += 2) {
      table.apply(KeyFingerprint.of("k" + i), Sequencer.parse("20"), false, 0, NOW, false);
    }
    assertThat(table.live()).isEqualTo(n / 2);
    assertThat(table.tombstones()).isEqualTo(n / 2);
    assertThat(table.purgeTombstones(NOW)).isEqualTo(n / 2);
    assertThat(table.tombstones()).isZero();
    // Every remaining key is still found (a duplicate is refused), every purged one is new again.
    for (int i = 1; i < n; i += 2) {
      assertThat(table.apply(KeyFingerprint.of("k" + i), Sequencer.parse("10"), true, i, NOW, false)).isFalse();
    }
    assertThat(table.apply(KeyFingerprint.of("k0"), Sequencer.parse("1"), true, 5, NOW, false)).isTrue();
    assertThat(table.live()).isEqualTo(n / 2 + 1);
  }

  @Test
  void memoryPerKeyStaysWithinTheDocumentedBound() {
    PendingKeys table = new PendingKeys();
    int n = 200_000;
    for (int i = 0; i < n; i++) {
      table.apply(KeyFingerprint.of("prefix/object-" + i), Sequencer.parse("1"), true, 1, NOW, false);
    }
    double perKey = (double) table.memoryBytes() / n;
    assertThat(perKey).isBetween(50.0, 75.5);
  }

  @Test
  void aPrefixWithAFewKeysHoldsUnderAKilobyteAndGrowsAsKeysCome() {
    PendingKeys table = new PendingKeys();
    for (int i = 0; i < 5; i++) {
      table.apply(KeyFingerprint.of("q/seed-" + i), Sequencer.parse("1"), true, 1, NOW, false);
    }
    assertThat(table.memoryBytes()).isLessThan(1024);
    for (int i = 5; i < 10_000; i++) {
      table.apply(KeyFingerprint.of("q/seed-" + i), Sequencer.parse("1"), true, 1, NOW, false);
    }
    assertThat(table.live()).isEqualTo(10_000);
    // Still found after every growth: the same change again is not newer, so not applied.
    assertThat(table.apply(KeyFingerprint.of("q/seed-3"), Sequencer.parse("1"), true, 1, NOW, false)).isFalse();
    table.clear();
    assertThat(table.memoryBytes()).isLessThan(1024);
  }

  @Test
  void tombstonesYoungerThanTheCutoffStay() {
    PendingKeys table = new PendingKeys();
    table.apply(KeyFingerprint.of("old"), Sequencer.parse("2"), false, 0, NOW - 1000, false);
    table.apply(KeyFingerprint.of("new"), Sequencer.parse("2"), false, 0, NOW, false);
    assertThat(table.purgeTombstones(NOW - 500)).isEqualTo(1);
    assertThat(table.apply(KeyFingerprint.of("new"), Sequencer.parse("1"), true, 1, NOW, false)).isFalse();
  }
}
