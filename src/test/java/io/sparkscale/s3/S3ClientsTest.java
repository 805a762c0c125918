package io.sparkscale.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkscale.backlog.BacklogUnavailableException;
import io.sparkscale.backlog.CountKey;
import io.sparkscale.trigger.ServerDefaults;
import io.sparkscale.trigger.TriggerParser;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/** Many regions, few threads: the SDK clients share one pool and one timer, and are bounded. */
class S3ClientsTest {

  static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
  static final S3Settings QUICK = new S3Settings(Duration.ofSeconds(5), Duration.ofSeconds(2), 1);

  @Test
  void threeHundredRegionsDoNotGrowThreadsAndClientsStayBounded() throws Exception {
    String deadEndpoint = "http://127.0.0.1:" + closedPort();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    try (S3BacklogSource source = new S3BacklogSource(QUICK, CREDENTIALS)) {
      // One call first, so the pools every source has anyway are counted in the baseline.
      countFails(source, deadEndpoint, "us-east-1");
      int before = threads.getThreadCount();
      for (int i = 0; i < 300; i++) {
        countFails(source, deadEndpoint, validLooking(i));
      }
      assertThat(threads.getThreadCount() - before).as("threads added by 300 regions").isLessThan(10);
      assertThat(source.clientCount()).isLessThanOrEqualTo(S3Clients.MAX_CLIENTS);
    }
  }

  @Test
  void aClientUnusedForTheIdleTimeIsEvicted() {
    AtomicLong now = new AtomicLong();
    try (S3Clients clients = new S3Clients(QUICK, CREDENTIALS, now::get)) {
      var first = clients.get("http://127.0.0.1:9", "us-east-1", true);
      assertThat(clients.get("http://127.0.0.1:9", "us-east-1", true)).isSameAs(first);
      now.addAndGet(S3Clients.IDLE_AFTER.toNanos() + 1);
      clients.get("http://127.0.0.1:9", "eu-west-1", true);
      assertThat(clients.size()).isEqualTo(1);
      assertThat(clients.get("http://127.0.0.1:9", "us-east-1", true)).isNotSameAs(first);
      assertThat(clients.created()).isEqualTo(3);
    }
  }

  @Test
  void theLeastRecentlyUsedGoesBeyondTheBound() {
    try (S3Clients clients = new S3Clients(QUICK, CREDENTIALS)) {
      var kept = clients.get("http://127.0.0.1:9", "keep-1", true);
      for (int i = 0; i < 2 * S3Clients.MAX_CLIENTS; i++) {
        clients.get("http://127.0.0.1:9", validLooking(i), true);
        clients.get("http://127.0.0.1:9", "keep-1", true); // used all the time: never the eldest
      }
      assertThat(clients.size()).isEqualTo(S3Clients.MAX_CLIENTS);
      assertThat(clients.get("http://127.0.0.1:9", "keep-1", true)).isSameAs(kept);
    }
  }

  @Test
  void everyRegionTheSdkKnowsPassesTheTriggerParser() {
    TriggerParser parser = new TriggerParser(ServerDefaults.aws());
    for (Region region : Region.regions()) {
      if (region.isGlobalRegion() || region.id().startsWith("aws-")) {
        continue; // pseudo-regions for global endpoints, not a bucket's region
      }
      assertThat(parser.parse(Map.of("bucket", "landing", "region", region.id())).key().region())
          .isEqualTo(region.id());
    }
  }

  private static void countFails(S3BacklogSource source, String endpoint, String region) {
    CountKey key = new CountKey(endpoint, region, true, "landing", "", "", Duration.ZERO, 10);
    assertThatThrownBy(() -> source.count(key)).isInstanceOf(BacklogUnavailableException.class);
  }

  /** "us-aaa-1", "us-aab-1", ...: the shape of a real region, none of them real. */
  static String validLooking(int i) {
    String letters = "" + (char) ('a' + i / 676 % 26) + (char) ('a' + i / 26 % 26) + (char) ('a' + i % 26);
    return "us-" + letters + "-1";
  }

  private static int closedPort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
