package io.sparkscale.listing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ShardPlannerTest {

  private static List<String> ends(int pages) {
    return IntStream.rangeClosed(1, pages).mapToObj(i -> String.format("in/%09d", i * 1000)).toList();
  }

  @Test
  void smallPrefixesStayOneRange() {
    ShardPlanner planner = ShardPlanner.defaults();
    assertThat(planner.plan(List.of(), 0)).containsExactly(KeyRange.ALL);
    assertThat(planner.plan(ends(7), 7)).containsExactly(KeyRange.ALL);
  }

  @Test
  void bigPrefixesSplitIntoContiguousRangesAtPageEnds() {
    List<KeyRange> ranges = ShardPlanner.defaults().plan(ends(100), 100);
    assertThat(ranges).hasSize(8);
    assertThat(ranges.get(0).after()).isNull();
    assertThat(ranges.get(7).upTo()).isNull();
    for (int i = 1; i < ranges.size(); i++) {
      assertThat(ranges.get(i).after()).isEqualTo(ranges.get(i - 1).upTo());
    }
    assertThat(ends(100)).contains(ranges.get(0).upTo());
  }

  @Test
  void aListingThatFitsTheTimeIsNotSplitAndALongerOneGetsTheFewestRangesThatFit() {
    ShardPlanner planner = ShardPlanner.defaults(); // within 10 s
    // The hot-key benchmark's prefix against s3proxy: 21 pages of 0.29 s, 6.1 s in all.
    assertThat(planner.plan(new PageEnds(21, ends(21), Duration.ofMillis(290)))).containsExactly(KeyRange.ALL);
    // 2.5 s a page: 52.5 s, so 6 ranges (and never more than 21 / 4 = 5 by pages).
    assertThat(planner.plan(new PageEnds(21, ends(21), Duration.ofMillis(2500)))).hasSize(5);
    assertThat(planner.plan(new PageEnds(100, ends(100), Duration.ofMillis(250)))).hasSize(3);
    // S3 at 50 ms a page: 2,000 pages are 100 s, beyond what 8 ranges bring within 10 s.
    assertThat(planner.plan(new PageEnds(2000, ends(2000), Duration.ofMillis(50)))).hasSize(8);
    // Untimed, or with no time set: pages alone decide.
    assertThat(planner.plan(new PageEnds(21, ends(21)))).hasSize(5);
    assertThat(planner.listingWithin(Duration.ZERO).plan(new PageEnds(21, ends(21), Duration.ofMillis(1))))
        .hasSize(5);
  }

  @Test
  void shardCountFollowsPagesPerShard() {
    assertThat(ShardPlanner.defaults().plan(ends(12), 12)).hasSize(3);
    assertThat(new ShardPlanner(2, 1, 4).plan(ends(2), 2)).hasSize(2);
  }

  @Test
  void everyKeyFallsInExactlyOneRange() {
    Random random = new Random(7);
    List<String> sample = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      sample.add("in/" + Integer.toString(random.nextInt(1 << 20), 36) + (i % 7 == 0 ? "\uD83D\uDE00" : "\uE000"));
    }
    List<String> sorted = sample.stream().distinct().sorted(KeyOrder.UTF8).toList();
    List<String> pageEnds = IntStream.range(0, sorted.size()).filter(i -> i % 50 == 49).mapToObj(sorted::get).toList();
    List<KeyRange> ranges = new ShardPlanner(2, 1, 16).plan(pageEnds, pageEnds.size());
    assertThat(ranges).hasSize(16);
    for (String key : sample) {
      assertThat(ranges.stream().filter(r -> r.contains(key))).as(key).hasSize(1);
    }
    assertThat(ranges.stream().filter(r -> r.contains("a"))).hasSize(1);
    assertThat(ranges.stream().filter(r -> r.contains("zzz"))).hasSize(1);
  }

  @Test
  void keyOrderIsUtf8ByteOrder() {
    // U+1F600 (4 UTF-8 bytes, F0...) sorts after U+E000 (EE 80 80) in UTF-8, before it in UTF-16.
    assertThat(KeyOrder.compare("\uD83D\uDE00", "\uE000")).isPositive();
    assertThat("\uD83D\uDE00".compareTo("\uE000")).isNegative();
    assertThat(KeyOrder.compare("a", "ab")).isNegative();
    assertThat(KeyOrder.compare("ab", "ab")).isZero();
  }

  @Test
  void boundariesStopBeforeCharactersWhoseOrderDependsOnTheEncoding() {
    assertThat(ShardPlanner.safeBoundary("in/a\uE000b")).isEqualTo("in/a");
    assertThat(ShardPlanner.safeBoundary("in/\uD83D\uDE00/x")).isEqualTo("in/");
    assertThat(ShardPlanner.safeBoundary("in/é/x")).isEqualTo("in/é/x");
    List<String> ends = List.of("in/a", "in/a\uE000", "in/a\uD83D\uDE00", "in/b", "\uE000");
    List<KeyRange> ranges = new ShardPlanner(2, 1, 5).plan(ends, 5);
    assertThat(ranges).extracting(KeyRange::upTo).containsExactly("in/a", "in/b", null);
  }

  @Test
  void firstSplitStartsAfterWhatWasListedAndUsesCandidatesPastIt() {
    List<String> folders = IntStream.range(0, 100).mapToObj(i -> String.format("in/p%03d/", i)).toList();
    List<KeyRange> ranges = ShardPlanner.defaults().split("in/p010/x", folders);
    assertThat(ranges).hasSize(8);
    assertThat(ranges.get(0).after()).isEqualTo("in/p010/x");
    assertThat(ranges.get(7).upTo()).isNull();
    assertThat(ranges).allSatisfy(r -> assertThat(r.upTo() == null || r.upTo().compareTo("in/p010/x") > 0).isTrue());
    assertThat(ShardPlanner.defaults().split("in/z", folders)).containsExactly(new KeyRange("in/z", null));
    assertThat(ShardPlanner.defaults().split("in/a", List.of("in/b/"))).hasSize(2);
  }

  @Test
  void rangesAreHalfOpen() {
    KeyRange range = new KeyRange("b", "d");
    assertThat(range.contains("b")).isFalse();
    assertThat(range.contains("c")).isTrue();
    assertThat(range.contains("d")).isTrue();
    assertThat(range.isBeyond("d")).isFalse();
    assertThat(range.isBeyond("d0")).isTrue();
    assertThatThrownBy(() -> new KeyRange("d", "b")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void pageEndsAreThinnedEvenly() {
    PageEnds thinned = new PageEnds(100_000, ends(100_000));
    assertThat(thinned.keys()).hasSize(PageEnds.MAX_KEPT);
    assertThat(thinned.keys().get(PageEnds.MAX_KEPT - 1)).isEqualTo(ends(100_000).get(99_999));
    assertThat(thinned.keys()).isSortedAccordingTo(KeyOrder.UTF8);
  }
}
