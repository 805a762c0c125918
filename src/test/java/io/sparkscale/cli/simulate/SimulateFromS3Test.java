package io.sparkscale.cli.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkscale.cli.CliRunner;
import io.sparkscale.s3.S3ProxyServer;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

/** `simulate --arrivals s3://...` replays what is under a prefix at its LastModified times, against s3proxy. */
class SimulateFromS3Test {

  private static S3ProxyServer s3;
  static final Instant START = Instant.parse("2026-03-01T08:00:00Z");

  @BeforeAll
  static void startStore() throws Exception {
    s3 = S3ProxyServer.start();
    s3.createBucket("landing");
    // Keys in the opposite order to their times: the listing comes in key order, the replay in time order.
    for (int i = 0; i < 40; i++) {
      s3.put("landing", "in/part-" + (char) ('z' - i % 26) + i + ".parquet", new byte[1000 + i],
          START.plusSeconds(60L * (i / 10)));
    }
    s3.put("landing", "in/later.parquet", new byte[5], START.plusSeconds(3600));
    s3.put("landing", "other/x.parquet", new byte[7], START);
    s3.putFolderMarker("landing", "in/sub/");
    s3.createBucket("empty");
    AwsCredentials credentials = S3ProxyServer.credentials().resolveCredentials();
    System.setProperty("aws.accessKeyId", credentials.accessKeyId());
    System.setProperty("aws.secretAccessKey", credentials.secretAccessKey());
  }

  @AfterAll
  static void stopStore() {
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
    s3.close();
  }

  static CliRunner.Result simulate(String url, String... more) {
    String[] base = {"simulate", "--arrivals", url, "--s3-endpoint", s3.endpoint(), "--region", "us-east-1",
        "--throughput", "1/s", "--pods-per-node", "4", "--target-object-count", "5"};
    String[] args = java.util.Arrays.copyOf(base, base.length + more.length);
    System.arraycopy(more, 0, args, base.length, more.length);
    return CliRunner.run(args);
  }

  @Test
  void everyObjectUnderThePrefixArrivesAtItsLastModified() throws Exception {
    JsonNode json = Sim.json(simulate("s3://landing/in/", "--format", "json"));
    assertThat(json.at("/summary/arrivedObjects").asLong()).isEqualTo(41);
    assertThat(json.at("/summary/processedObjects").asLong()).isEqualTo(41);
    assertThat(json.at("/settings/arrivals").asText()).isEqualTo("s3://landing/in/: 41 objects, 40.79 KB,"
        + " LastModified from 2026-03-01T08:00:00Z (a lower bound: objects already processed and deleted are gone)");
    // The one object an hour later arrives then: the run ends after it.
    assertThat(json.at("/summary/endSeconds").asDouble()).isGreaterThan(3600);
  }

  @Test
  void aDurationCutsTheReplay() throws Exception {
    JsonNode json = Sim.json(simulate("s3://landing/in/", "--duration", "2m", "--format", "json"));
    assertThat(json.at("/summary/arrivedObjects").asLong()).isEqualTo(20);
  }

  @Test
  void anEmptyPrefixIsARuntimeFailure() {
    CliRunner.Result result = simulate("s3://empty/x/");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.out()).isEmpty();
    assertThat(result.err().strip()).isEqualTo("sparkscale simulate: error: no arrivals to replay: s3://empty/x/"
        + " holds no objects");
  }

  @Test
  void anUnreachableStoreIsARuntimeFailure() {
    CliRunner.Result result = CliRunner.run("simulate", "--arrivals", "s3://landing/in/", "--s3-endpoint",
        "http://127.0.0.1:1", "--region", "us-east-1", "--throughput", "1/s", "--pods-per-node", "4");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).startsWith("sparkscale simulate: error: cannot list s3://landing/in/");
  }

  @Test
  void aBadAddressOrAnObjectSizeIsExitTwo() {
    assertThat(Sim.badInput(simulate("s3://Bad_Bucket/x"))).contains("--arrivals: 's3://Bad_Bucket/x'");
    assertThat(Sim.badInput(simulate("s3://landing/in/", "--object-size", "1MB")))
        .contains("--object-size: does not apply to s3:// arrivals");
  }
}
