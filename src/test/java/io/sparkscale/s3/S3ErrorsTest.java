package io.sparkscale.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Failures the s3proxy tests cannot provoke (denied, DNS, credentials), summarized to one line. */
class S3ErrorsTest {

  @Test
  void serviceErrorsGiveCodeMessageAndStatus() {
    S3Exception denied =
        (S3Exception)
            S3Exception.builder()
                .statusCode(403)
                .awsErrorDetails(
                    AwsErrorDetails.builder().errorCode("AccessDenied").errorMessage("Access Denied").build())
                .build();

    assertThat(S3Errors.describe(denied, "")).isEqualTo("AccessDenied: Access Denied (HTTP 403)");
  }

  @Test
  void networkFailuresNameTheEndpoint() {
    SdkClientException refused =
        SdkClientException.create("Unable to execute HTTP request", new ConnectException("Connection refused"));
    SdkClientException unknown =
        SdkClientException.create("Unable to execute HTTP request", new UnknownHostException("minio.nowhere"));

    assertThat(S3Errors.describe(refused, "http://minio:9000"))
        .isEqualTo("connection refused to http://minio:9000 (Connection refused)");
    assertThat(S3Errors.describe(unknown, "")).isEqualTo("unknown host minio.nowhere for S3");
  }

  @Test
  void timeoutsSaySo() {
    ApiCallTimeoutException timeout = ApiCallTimeoutException.create(30_000);

    assertThat(S3Errors.describe(timeout, "http://minio:9000")).startsWith("no answer from http://minio:9000 in time");
  }

  @Test
  void missingCredentialsPointToThePodIdentity() {
    SdkClientException none =
        SdkClientException.create(
            "Unable to load credentials from any of the providers in the chain AwsCredentialsProviderChain(\\n"
                + "credentialsProviders=[SystemPropertyCredentialsProvider(), ...]) : [...]");

    assertThat(S3Errors.describe(none, ""))
        .startsWith("no AWS credentials found: give the scaler's pod an identity (IRSA, EKS Pod Identity");
  }

  @Test
  void messagesBecomeOneBoundedLine() {
    assertThat(S3Errors.oneLine("first\n  second\r\nthird")).isEqualTo("first second third");
    assertThat(S3Errors.oneLine("x".repeat(1000))).hasSize(300).endsWith("...");
  }
}
