package io.sparkscale.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkscale.backlog.BacklogCount;
import io.sparkscale.backlog.BacklogUnavailableException;
import io.sparkscale.backlog.CountKey;
import io.sparkscale.notifications.KeyListing;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Counting against a real S3 API (s3proxy) with every filter. */
class S3BacklogSourceTest {

  static final int MANY = 2_500;
  static S3ProxyServer s3;
  static S3BacklogSource source;

  @BeforeAll
  static void seed() throws Exception {
    s3 = S3ProxyServer.start();
    Instant hourAgo = Instant.now().minus(Duration.ofHours(1));
    s3.put("landing", "in/a.csv", new byte[10], hourAgo);
    s3.put("landing", "in/b.csv", new byte[20], hourAgo);
    s3.put("landing", "in/c.parquet", new byte[30], hourAgo);
    s3.put("landing", "in/sub/d.parquet", new byte[40], hourAgo);
    s3.put("landing", "in/fresh.parquet", new byte[60], null); // still being written
    s3.put("landing", "other/e.parquet", new byte[50], hourAgo);
    s3.putFolderMarker("landing", "in/");
    s3.putFolderMarker("landing", "in/sub/");
    s3.putFolderMarker("landing", "in/empty/");
    for (int i = 0; i < MANY; i++) {
      s3.put("many", String.format("k/%05d.json", i), 1);
    }
    source = new S3BacklogSource(S3Settings.defaults(), S3ProxyServer.credentials());
  }

  @AfterAll
  static void stop() {
    if (source != null) {
      source.close();
    }
    if (s3 != null) {
      s3.close();
    }
  }

  static CountKey key(String bucket, String prefix, String suffix, Duration minAge, long scanLimit) {
    return new CountKey(s3.endpoint(), "us-east-1", true, bucket, prefix, suffix, minAge, scanLimit);
  }

  static BacklogCount count(String prefix, String suffix, Duration minAge, long scanLimit) throws Exception {
    return source.count(key("landing", prefix, suffix, minAge, scanLimit));
  }

  @Test
  void countsObjectsAndBytesUnderAPrefixSkippingFolderMarkers() throws Exception {
    BacklogCount c = count("in/", "", Duration.ZERO, 100_000);

    assertThat(c.objects()).isEqualTo(5);
    assertThat(c.bytes()).isEqualTo(10 + 20 + 30 + 40 + 60);
    assertThat(c.limitReached()).isFalse();
    assertThat(c.listRequests()).isEqualTo(1);
  }

  @Test
  void wholeBucket() throws Exception {
    assertThat(count("", "", Duration.ZERO, 100_000).objects()).isEqualTo(6);
  }

  @Test
  void suffixFilter() throws Exception {
    BacklogCount c = count("in/", ".parquet", Duration.ZERO, 100_000);

    assertThat(c.objects()).isEqualTo(3);
    assertThat(c.bytes()).isEqualTo(30 + 40 + 60);
  }

  @Test
  void objectsYoungerThanMinObjectAgeDoNotCount() throws Exception {
    BacklogCount c = count("in/", "", Duration.ofMinutes(5), 100_000);

    assertThat(c.objects()).isEqualTo(4);
    assertThat(c.bytes()).isEqualTo(100);
    assertThat(count("in/", "", Duration.ofHours(2), 100_000).objects()).isZero();
  }

  @Test
  void scanLimitReachedExactlyAndNot() throws Exception {
    BacklogCount exactly = count("in/", "", Duration.ZERO, 5);
    BacklogCount below = count("in/", "", Duration.ZERO, 6);
    BacklogCount cut = count("in/", "", Duration.ZERO, 2);

    assertThat(exactly.objects()).isEqualTo(5);
    assertThat(exactly.limitReached()).isTrue();
    assertThat(below.objects()).isEqualTo(5);
    assertThat(below.limitReached()).isFalse();
    assertThat(cut.objects()).isEqualTo(2);
    assertThat(cut.limitReached()).isTrue();
    assertThat(cut.bytes()).isEqualTo(10 + 20); // keys come in order: in/a.csv, in/b.csv
  }

  @Test
  void emptyPrefixCountsZero() throws Exception {
    BacklogCount c = count("nothing-here/", "", Duration.ZERO, 100);

    assertThat(c.objects()).isZero();
    assertThat(c.bytes()).isZero();
    assertThat(c.listRequests()).isEqualTo(1);
  }

  @Test
  void manyPagesFollowContinuationTokens() throws Exception {
    BacklogCount all = source.count(key("many", "k/", "", Duration.ZERO, 100_000));
    BacklogCount limited = source.count(key("many", "k/", "", Duration.ZERO, 1_500));

    assertThat(all.objects()).isEqualTo(MANY);
    assertThat(all.bytes()).isEqualTo(MANY);
    assertThat(all.listRequests()).isEqualTo(3);
    assertThat(all.limitReached()).isFalse();
    assertThat(limited.objects()).isEqualTo(1_500);
    assertThat(limited.listRequests()).isEqualTo(2); // stops listing once the limit is reached
    assertThat(limited.limitReached()).isTrue();
  }

  @Test
  void missingBucketIsUnavailableWithTheServiceError() {
    assertThatThrownBy(() -> source.count(key("no-such-bucket", "in/", "", Duration.ZERO, 10)))
        .isInstanceOf(BacklogUnavailableException.class)
        .hasMessageStartingWith("s3://no-such-bucket/in/ at " + s3.endpoint() + ": NoSuchBucket")
        .hasMessageContaining("(HTTP 404)")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void oneClientPerEndpointRegionAndPathStyle() throws Exception {
    try (S3BacklogSource fresh = new S3BacklogSource(S3Settings.defaults(), S3ProxyServer.credentials())) {
      fresh.count(key("landing", "in/", "", Duration.ZERO, 10));
      fresh.count(key("landing", "other/", ".parquet", Duration.ZERO, 10));
      fresh.count(key("many", "k/", "", Duration.ZERO, 10));
      assertThat(fresh.clientCount()).isEqualTo(1);
      fresh.count(new CountKey(s3.endpoint(), "eu-west-1", true, "landing", "", "", Duration.ZERO, 10));
      assertThat(fresh.clientCount()).isEqualTo(2);
    }
  }

  @Test
  void withoutARegionAnywhereTheStoreIsStillCounted() throws Exception {
    // No region in the key; the SDK chain (env, profile) may have none either: us-east-1 is used then.
    CountKey noRegion = new CountKey(s3.endpoint(), "", true, "landing", "in/", "", Duration.ZERO, 100);

    assertThat(source.count(noRegion).objects()).isEqualTo(5);
  }

  @Test
  void folderMarkerRuleNeedsBothSlashAndZeroBytes() {
    CountKey any = key("landing", "", "", Duration.ZERO, 10);
    Instant now = Instant.now();

    assertThat(S3BacklogSource.counts(any, object("dir/", 0, now), now)).isFalse();
    assertThat(S3BacklogSource.counts(any, object("dir/", 5, now), now)).isTrue();
    assertThat(S3BacklogSource.counts(any, object("empty.csv", 0, now), now)).isTrue();
  }

  static KeyListing.ListedObject object(String key, long size, Instant modified) {
    return new KeyListing.ListedObject(key, size, modified);
  }
}
