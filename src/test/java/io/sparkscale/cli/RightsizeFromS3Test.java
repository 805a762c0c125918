package io.sparkscale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkscale.cli.CliRunner.Result;
import io.sparkscale.s3.S3ProxyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** `rightsize --data-size s3://...` measures the pending bytes with the scaler's counter, against s3proxy. */
class RightsizeFromS3Test {

  private static S3ProxyServer s3;

  @BeforeAll
  static void startStore() throws Exception {
    s3 = S3ProxyServer.start();
    s3.createBucket("landing");
    for (int i = 0; i < 30; i++) {
      s3.put("landing", "batch-7/part-" + i + ".parquet", 10_000);
    }
    s3.put("landing", "batch-8/part-0.parquet", 999);
    s3.createBucket("empty");
    S3ProxyServer.useAsDefaultCredentials(); // s3proxy runs without authorization
  }

  @AfterAll
  static void stopStore() {
    S3ProxyServer.clearDefaultCredentials();
    s3.close();
  }

  @Test
  void sizesFromTheBytesWaitingUnderThePrefix() throws Exception {
    Result result = CliRunner.run("rightsize", "--data-size", "s3://landing/batch-7/", "--s3-endpoint",
        s3.endpoint(), "--region", "us-east-1", "--format", "json");
    assertThat(result.exitCode()).as(result.err()).isZero();
    JsonNode plan = new ObjectMapper().readTree(result.out());
    assertThat(plan.at("/input/dataBytes").asLong()).isEqualTo(300_000);
    assertThat(plan.at("/partitions/inputTasks").asLong()).isEqualTo(1);
  }

  @Test
  void anEmptyPrefixIsARuntimeFailureNotAZeroPlan() {
    Result result = CliRunner.run("rightsize", "--data-size", "s3://empty/x/", "--s3-endpoint", s3.endpoint(),
        "--region", "us-east-1");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.out()).isEmpty();
    assertThat(result.err().strip()).contains("nothing to size: s3://empty/x/").doesNotContain("\n");
  }

  @Test
  void anUnreachableStoreIsARuntimeFailure() {
    Result result = CliRunner.run("rightsize", "--data-size", "s3://landing/batch-7/", "--s3-endpoint",
        "http://127.0.0.1:1", "--region", "us-east-1");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).contains("cannot measure s3://landing/batch-7/");
  }

  @Test
  void aBadAddressIsExitTwo() {
    Result result = CliRunner.run("rightsize", "--data-size", "s3://Bad_Bucket/x");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("--data-size: 's3://Bad_Bucket/x'").contains("bucket name");
  }

  @Test
  void endpointWithoutS3AddressIsExitTwo() {
    Result result = CliRunner.run("rightsize", "--data-size", "1TB", "--s3-endpoint", "http://127.0.0.1:9000");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("apply only to an s3:// --data-size");
  }
}
