package io.sparkscale.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkscale.backlog.BacklogCount;
import io.sparkscale.backlog.CountKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The pending-key state against a model bucket: what a listing of it would count. */
class PrefixStateTest {

  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final CountKey KEY = new CountKey("", "", false, "b", "in/", ".json", Duration.ZERO, 100_000_000);

  /** A bucket that records what S3 would notify for each change. */
  static final class ModelBucket {
    final Map<String, Long> objects = new TreeMap<>();
    final Map<String, Instant> modified = new TreeMap<>();
    final List<ObjectEvent> notified = new ArrayList<>();
    long sequence = 0x5F00000000000000L;
    Instant now = T0;

    void put(String key, long size) {
      now = now.plusSeconds(1);
      objects.put(key, size);
      modified.put(key, now);
      notified.add(ObjectEvent.created("b", key, size, Long.toHexString(++sequence), now));
    }

    void delete(String key) {
      now = now.plusSeconds(1);
      objects.remove(key);
      modified.remove(key);
      notified.add(ObjectEvent.removed("b", key, Long.toHexString(++sequence), now));
    }

    List<KeyListing.ListedObject> listing() {
      List<KeyListing.ListedObject> listed = new ArrayList<>();
      objects.forEach((k, size) -> listed.add(new KeyListing.ListedObject(k, size, modified.get(k))));
      return listed;
    }

    long[] truth(CountKey key) {
      long count = 0;
      long bytes = 0;
      for (var e : objects.entrySet()) {
        String k = e.getKey();
        if (k.startsWith(key.prefix()) && k.endsWith(key.suffix()) && !(e.getValue() == 0 && k.endsWith("/"))) {
          count++;
          bytes += e.getValue();
        }
      }
      return new long[] {count, bytes};
    }
  }

  static PrefixState seeded(ModelBucket bucket) {
    PrefixState state = new PrefixState(KEY);
    state.beginListing(bucket.now);
    state.listed(bucket.listing());
    assertThat(state.endListing(bucket.now)).isZero();
    return state;
  }

  static void assertMatches(PrefixState state, ModelBucket bucket) {
    BacklogCount count = state.count(bucket.now.plusSeconds(1));
    long[] truth = bucket.truth(KEY);
    assertThat(count.objects()).as("objects").isEqualTo(truth[0]);
    assertThat(count.bytes()).as("bytes").isEqualTo(truth[1]);
  }

  @Test
  void shuffledDuplicatedEventsGiveTheListingsCount() {
    Random random = new Random(12);
    ModelBucket bucket = new ModelBucket();
    for (int i = 0; i < 200; i++) {
      bucket.put("in/seed-" + i + ".json", 100 + i);
    }
    PrefixState state = seeded(bucket);
    bucket.notified.clear();
    for (int i = 0; i < 5000; i++) {
      String key = (random.nextInt(10) == 0 ? "other/" : "in/") + "k" + random.nextInt(400)
          + (random.nextInt(8) == 0 ? ".tmp" : ".json");
      if (random.nextBoolean() || !bucket.objects.containsKey(key)) {
        bucket.put(key, random.nextInt(5) == 0 ? 0 : random.nextInt(1000));
      } else {
        bucket.delete(key);
      }
    }
    List<ObjectEvent> delivered = new ArrayList<>(bucket.notified);
    delivered.addAll(bucket.notified.subList(0, 1500)); // at least once: duplicates
    Collections.shuffle(delivered, random);
    for (int from = 0; from < delivered.size(); from += 10) {
      state.apply(delivered.subList(from, Math.min(delivered.size(), from + 10)));
    }
    assertMatches(state, bucket);
  }

  @Test
  void removeBeforeItsCreateLeavesTheKeyGone() {
    ModelBucket bucket = new ModelBucket();
    PrefixState state = seeded(bucket);
    bucket.put("in/a.json", 5);
    bucket.delete("in/a.json");
    state.apply(List.of(bucket.notified.get(1)));
    state.apply(List.of(bucket.notified.get(0)));
    assertMatches(state, bucket);
    assertThat(state.count(bucket.now).objects()).isZero();
  }

  @Test
  void folderMarkersAndOtherSuffixesDoNotCount() {
    ModelBucket bucket = new ModelBucket();
    PrefixState state = seeded(bucket);
    bucket.put("in/dir/", 0);
    bucket.put("in/x.json", 3);
    bucket.put("in/x.csv", 4);
    bucket.put("in/big.json/", 0); // a 0-byte key ending in / is a folder marker whatever its name
    state.apply(bucket.notified);
    assertMatches(state, bucket);
    assertThat(state.count(bucket.now).objects()).isEqualTo(1);
  }

  @Test
  void eventsRacingTheSeedingListingWin() {
    ModelBucket bucket = new ModelBucket();
    for (int i = 0; i < 100; i++) {
      bucket.put("in/" + i + ".json", 10);
    }
    List<KeyListing.ListedObject> before = bucket.listing(); // the listing's view, taken at its start
    bucket.notified.clear();
    PrefixState state = new PrefixState(KEY);
    state.beginListing(bucket.now);
    bucket.delete("in/5.json");
    bucket.delete("in/50.json");
    bucket.put("in/7.json", 99); // overwritten while listed
    bucket.put("in/new.json", 1);
    state.apply(bucket.notified); // delivered while the listing runs
    state.listed(before.subList(0, 50));
    state.listed(before.subList(50, 100));
    state.endListing(bucket.now);
    assertMatches(state, bucket);
  }

  @Test
  void reconcileFindsAndCorrectsMissedEventsAsDrift() {
    ModelBucket bucket = new ModelBucket();
    for (int i = 0; i < 50; i++) {
      bucket.put("in/" + i + ".json", 10);
    }
    PrefixState state = seeded(bucket);
    bucket.notified.clear();
    bucket.now = bucket.now.plus(Duration.ofMinutes(5));
    bucket.put("in/missed-create.json", 7);
    bucket.delete("in/3.json");
    bucket.put("in/seen.json", 1);
    state.apply(List.of(bucket.notified.get(2))); // two of three events never arrive
    bucket.now = bucket.now.plus(Duration.ofMinutes(5));
    state.beginListing(bucket.now);
    state.listed(bucket.listing());
    assertThat(state.endListing(bucket.now)).isEqualTo(2);
    assertMatches(state, bucket);

    state.beginListing(bucket.now);
    state.listed(bucket.listing());
    assertThat(state.endListing(bucket.now)).as("nothing missed since").isZero();
  }

  @Test
  void anObjectModifiedJustBeforeTheListingIsCorrectedButNotDrift() {
    ModelBucket bucket = new ModelBucket();
    PrefixState state = seeded(bucket);
    bucket.put("in/in-flight.json", 7); // its event is still on the way
    state.beginListing(bucket.now.plusSeconds(5));
    state.listed(bucket.listing());
    assertThat(state.endListing(bucket.now.plusSeconds(6))).isZero();
    assertMatches(state, bucket);
    state.apply(bucket.notified); // arrives late: same state, nothing counted twice
    assertMatches(state, bucket);
  }

  @Test
  void lateOlderCreateAfterAReconciledRemoveIsIgnored() {
    ModelBucket bucket = new ModelBucket();
    PrefixState state = seeded(bucket);
    bucket.put("in/a.json", 5);
    state.apply(List.of(bucket.notified.get(0)));
    bucket.delete("in/a.json");
    state.apply(List.of(bucket.notified.get(1)));
    state.apply(List.of(bucket.notified.get(0))); // redelivered create, older than the remove
    assertMatches(state, bucket);
  }

  @Test
  void ageFilterCountsOnlyObjectsOldEnough() {
    CountKey aged = new CountKey("", "", false, "b", "in/", "", Duration.ofMinutes(10), 1_000);
    PrefixState state = new PrefixState(aged);
    state.beginListing(T0);
    state.listed(List.of(
        new KeyListing.ListedObject("in/old", 5, T0.minus(Duration.ofMinutes(30))),
        new KeyListing.ListedObject("in/young", 6, T0.minus(Duration.ofMinutes(1)))));
    state.endListing(T0);
    assertThat(state.count(T0).objects()).isEqualTo(1);
    assertThat(state.count(T0.plus(Duration.ofMinutes(10))).objects()).isEqualTo(2);
    assertThat(state.count(T0.plus(Duration.ofMinutes(10))).bytes()).isEqualTo(11);
  }

  @Test
  void scanLimitCapsTheReportedCountAsAListingWould() {
    CountKey capped = new CountKey("", "", false, "b", "", "", Duration.ZERO, 3);
    PrefixState state = new PrefixState(capped);
    state.beginListing(T0);
    state.endListing(T0);
    for (int i = 0; i < 5; i++) {
      state.apply(List.of(ObjectEvent.created("b", "k" + i, 1, Integer.toHexString(i + 1), T0)));
    }
    BacklogCount count = state.count(T0);
    assertThat(count.objects()).isEqualTo(3);
    assertThat(count.limitReached()).isTrue();
  }
}
