package io.sparkscale.s3;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** An idle `serve` builds no HTTP client: the shared one comes with the first S3 client. */
class S3ClientsLazyHttpTest {

  @Test
  void theHttpClientIsBuiltWithTheFirstS3Client() {
    try (S3Clients clients = new S3Clients(S3ClientsTest.QUICK, S3ClientsTest.CREDENTIALS)) {
      assertThat(clients.httpBuilt()).isFalse();

      clients.get("http://127.0.0.1:9", "us-east-1", true);

      assertThat(clients.httpBuilt()).isTrue();
    }
  }
}
