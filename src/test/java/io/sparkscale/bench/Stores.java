package io.sparkscale.bench;

import io.sparkscale.backlog.CountKey;
import io.sparkscale.s3.S3ProxyServer;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** Clients and keys for the local stores the benchmarks list. */
final class Stores {

  static final String REGION = "us-east-1";
  static final long NO_LIMIT = 100_000_000;

  private Stores() {}

  /** The bare SDK client of the baseline: what anyone would write, Apache HTTP client, path style. */
  static S3Client bareClient(String endpoint) {
    return S3Client.builder()
        .endpointOverride(URI.create(endpoint))
        .forcePathStyle(true)
        .region(Region.of(REGION))
        .credentialsProvider(S3ProxyServer.credentials())
        .httpClientBuilder(ApacheHttpClient.builder())
        .build();
  }

  static CountKey key(String endpoint, String bucket, String prefix) {
    return new CountKey(endpoint, REGION, true, bucket, prefix, "", Duration.ZERO, NO_LIMIT);
  }

  /** Objects and bytes listed by the bare paginator loop. */
  record Bare(long objects, long bytes, long pages) {}

  static Bare bareCount(S3Client client, String bucket, String prefix) {
    long[] totals = new long[3];
    client.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix).maxKeys(1000)).forEach(page -> {
      totals[2]++;
      page.contents().forEach(o -> {
        totals[0]++;
        totals[1] += o.size();
      });
    });
    return new Bare(totals[0], totals[1], totals[2]);
  }
}
