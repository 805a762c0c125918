package io.sparkscale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkscale.claim.Manifest;
import io.sparkscale.cli.CliRunner.Result;
import io.sparkscale.s3.FaultInjectingProxy;
import io.sparkscale.s3.FaultInjectingProxy.ConditionalWrites;
import io.sparkscale.s3.S3ProxyServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `sparkscale claim` end to end against s3proxy: what a ScaledJob's init and finish containers run. */
class ClaimCommandTest {

  static S3ProxyServer s3;
  @TempDir Path dir;

  @BeforeAll
  static void startStore() throws Exception {
    s3 = S3ProxyServer.start();
    S3ProxyServer.useAsDefaultCredentials(); // s3proxy runs without authorization
  }

  @AfterAll
  static void stopStore() {
    S3ProxyServer.clearDefaultCredentials();
    s3.close();
  }

  static void seed(String bucket, int n) {
    Instant start = Instant.now().minus(Duration.ofHours(1));
    for (int i = 0; i < n; i++) {
      s3.put(bucket, "in/part-" + i + ".parquet", new byte[1000 + i], start.plusSeconds(i));
    }
  }

  static Result claim(String bucket, String endpoint, Path out, String... more) {
    List<String> args = new java.util.ArrayList<>(List.of("claim", "--bucket", bucket, "--prefix", "in/",
        "--s3-endpoint", endpoint, "--region", "us-east-1", "--output-dir", out.toString()));
    args.addAll(List.of(more));
    return CliRunner.run(args.toArray(String[]::new));
  }

  static boolean exists(String bucket, String key) {
    return Files.exists(s3.basedir().resolve(bucket).resolve(key));
  }

  @Test
  void claimWritesTheBatchAndASizedConfThenFinishCompletesIt() throws Exception {
    seed("done", 4);
    Path first = dir.resolve("first");
    Result r = claim("done", s3.endpoint(), first, "--batch-objects", "3", "--cloud", "aws", "--node-type",
        "r5.4xlarge");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("claimed 3 objects (3.00 KB) as c", "s3a://done/in/part-0.parquet")
        .contains("URI list for the driver: s3a://done/sparkscale-claims/in/batches/c");
    assertThat(Files.readAllLines(first.resolve("batch.txt"))).containsExactly(
        "s3a://done/in/part-0.parquet", "s3a://done/in/part-1.parquet", "s3a://done/in/part-2.parquet");
    Manifest manifest = Manifest.parse(Files.readString(first.resolve("batch.json")), "batch.json");
    String conf = Files.readString(first.resolve("spark-defaults.conf"));
    assertThat(conf).contains("spark.executor.memory ", "spark.sparkscale.batch.uriList " + manifest.uriList(),
        "spark.sparkscale.batch.objects 3\n", "spark.sparkscale.batch.bytes 3003\n");
    String listKey = manifest.uriList().substring("s3a://done/".length());
    assertThat(Files.readString(s3.basedir().resolve("done").resolve(listKey)))
        .isEqualTo(Files.readString(first.resolve("batch.txt")));

    Result second = claim("done", s3.endpoint(), dir.resolve("second"), "--batch-objects", "3");
    assertThat(second.out()).contains("claimed 1 objects");
    assertThat(Files.readAllLines(dir.resolve("second/batch.txt"))).containsExactly("s3a://done/in/part-3.parquet");

    Files.writeString(dir.resolve("outcome"), "0\n");
    Result finish = CliRunner.run("claim", "--finish", first.resolve("batch.json").toString(), "--outcome",
        dir.resolve("outcome").toString());
    assertThat(finish.exitCode()).as(finish.err()).isZero();
    assertThat(finish.out()).contains("completed 3 of 3 objects of " + manifest.claimId());
    assertThat(exists("done", "in/part-0.parquet")).isFalse();
    assertThat(exists("done", "in/part-3.parquet")).as("the other batch's").isTrue();
    assertThat(exists("done", "sparkscale-claims/in/markers/part-0.parquet")).isFalse();
    assertThat(exists("done", listKey)).isFalse();
  }

  @Test
  void aFailedSubmitReleasesTheBatchForTheNextJob() throws Exception {
    seed("failed", 2);
    Result r = claim("failed", s3.endpoint(), dir, "--batch-bytes", "10GB");
    assertThat(r.exitCode()).as(r.err()).isZero();
    Files.writeString(dir.resolve("outcome"), "1\n");
    Result finish = CliRunner.run("claim", "--finish", dir.resolve("batch.json").toString(), "--outcome",
        dir.resolve("outcome").toString());
    assertThat(finish.exitCode()).as(finish.err()).isZero();
    assertThat(finish.out()).contains("spark-submit exited with 1", "released 2 of 2 objects");
    assertThat(exists("failed", "in/part-0.parquet")).isTrue();
    assertThat(exists("failed", "sparkscale-claims/in/markers/part-0.parquet")).isFalse();
    Result again = claim("failed", s3.endpoint(), dir.resolve("again"), "--batch-objects", "5");
    assertThat(again.out()).contains("claimed 2 objects");
  }

  @Test
  void anEmptyBatchWritesAnEmptyUriListAndFinishesAtOnce() throws Exception {
    s3.createBucket("nothing");
    Result r = claim("nothing", s3.endpoint(), dir, "--batch-objects", "5");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("nothing to claim under s3://nothing/in/");
    assertThat(Files.size(dir.resolve("batch.txt"))).isZero();
    Result finish = CliRunner.run("claim", "--finish", dir.resolve("batch.json").toString(), "--outcome",
        dir.resolve("never-written").toString());
    assertThat(finish.exitCode()).isZero();
    assertThat(finish.out()).contains("nothing to complete");
  }

  @Test
  void aStoreWithoutConditionalWritesFailsWithOneLineAndWritesNothing() throws Exception {
    seed("plain", 2);
    try (FaultInjectingProxy proxy = new FaultInjectingProxy(s3.endpoint())) {
      proxy.conditionalWrites(ConditionalWrites.IGNORE);
      Result r = claim("plain", proxy.endpoint(), dir.resolve("out"), "--batch-objects", "5");
      assertThat(r.exitCode()).isEqualTo(1);
      assertThat(r.err().strip()).startsWith("sparkscale claim: error: s3://plain at " + proxy.endpoint())
          .contains("ignored If-None-Match: *").doesNotContain("\n");
      assertThat(r.out()).isEmpty();
    }
    assertThat(dir.resolve("out")).doesNotExist();
    try (Stream<Path> files = Files.walk(s3.basedir().resolve("plain"))) {
      assertThat(files.filter(Files::isRegularFile)).hasSize(2);
    }
  }

  @Test
  void finishGivesUpWhenTheLeaseEndsWithoutAnOutcome() throws Exception {
    seed("slow", 1);
    assertThat(claim("slow", s3.endpoint(), dir, "--batch-objects", "1").exitCode()).isZero();
    Path manifest = dir.resolve("batch.json");
    String text = Files.readString(manifest).replaceAll("\"expiresAt\" : \"[^\"]+\"", "\"expiresAt\" : \"2020-01-01T00:00:00Z\"");
    Files.writeString(manifest, text);
    Result finish = CliRunner.run("claim", "--finish", manifest.toString(), "--outcome", dir.resolve("none").toString());
    assertThat(finish.exitCode()).isEqualTo(1);
    assertThat(finish.err()).contains("no outcome", "before the lease", "other Jobs take the batch over");
  }

  @Test
  void badUsageExitsTwoNamingTheFlag() throws Exception {
    assertBad(List.of("claim", "--prefix", "in/", "--batch-objects", "5"), "--bucket: required");
    assertBad(List.of("claim", "--bucket", "bkt"), "--batch-objects/--batch-bytes");
    assertBad(List.of("claim", "--bucket", "bkt", "--batch-objects", "0"), "--batch-objects");
    assertBad(List.of("claim", "--bucket", "Bad_Bucket", "--batch-objects", "1"), "--bucket");
    assertBad(List.of("claim", "--bucket", "bkt", "--batch-objects", "1", "--lease", "5s"), "--lease");
    assertBad(List.of("claim", "--bucket", "bkt", "--batch-objects", "1", "--data-size", "1TB"), "--data-size");
    assertBad(List.of("claim", "--bucket", "bkt", "--batch-objects", "1", "--executor-cores", "0"), "--executor-cores");
    assertBad(List.of("claim", "--complete", "x.json", "--release", "y.json"), "give one of them");
    assertBad(List.of("claim", "--complete", "x.json", "--bucket", "bkt"), "--bucket: not used");
    assertBad(List.of("claim", "--complete", dir.resolve("missing.json").toString()), "cannot read the manifest");
    Path conf = dir.resolve("spark-defaults.conf");
    Files.writeString(conf, "spark.executor.cores 4\n");
    assertBad(List.of("claim", "--release", conf.toString()), "not a claim manifest");
  }

  private static void assertBad(List<String> args, String named) {
    Result r = CliRunner.run(args.toArray(String[]::new));
    assertThat(r.exitCode()).as(args + ": " + r.err()).isEqualTo(2);
    assertThat(r.err().strip()).as(String.valueOf(args)).contains(named).doesNotContain("\n");
  }
}
