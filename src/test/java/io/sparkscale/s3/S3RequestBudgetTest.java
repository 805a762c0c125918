package io.sparkscale.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkscale.backlog.BacklogCount;
import io.sparkscale.backlog.CountKey;
import io.sparkscale.listing.RequestBudget;
import io.sparkscale.listing.ShardPlanner;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every ListObjectsV2 request, first page to last, takes a permit of the shared budget first. */
class S3RequestBudgetTest {

  static S3ProxyServer s3;

  @BeforeAll
  static void start() throws Exception {
    s3 = S3ProxyServer.start();
    for (int i = 0; i < 250; i++) {
      s3.put("landing", String.format("paged/%04d.json", i), 10);
    }
  }

  @AfterAll
  static void stop() {
    if (s3 != null) {
      s3.close();
    }
  }

  @Test
  void eachPageTakesOnePermit() throws Exception {
    AtomicInteger permits = new AtomicInteger();
    RequestBudget counting = permits::incrementAndGet;
    S3Settings settings = S3Settings.defaults().withCapacity(4, counting);
    ListingSettings hundredAPage = new ListingSettings(100, new ShardPlanner(2, 1, 1));
    try (S3BacklogSource source = new S3BacklogSource(settings, S3ProxyServer.credentials(), hundredAPage)) {
      BacklogCount count = source.count(
          new CountKey(s3.endpoint(), "us-east-1", true, "landing", "paged/", "", Duration.ZERO, 100_000));

      assertThat(count.objects()).isEqualTo(250);
      assertThat(count.listRequests()).isEqualTo(3);
      assertThat(permits).hasValue(3);
    }
  }

  @Test
  void theCapacityIsChecked() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> S3Settings.defaults().withCapacity(0, RequestBudget.UNLIMITED))
        .hasMessageContaining("maxConnections");
    assertThat(S3Settings.defaults().maxConnections()).isEqualTo(S3Settings.DEFAULT_MAX_CONNECTIONS);
  }
}
