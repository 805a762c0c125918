package io.sparkscale.s3;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * One line saying why S3 could not be listed, for KEDA's event log and `probe`: the service's error code
 * and message, or what went wrong on the way (refused, unknown host, timeout, TLS, credentials).
 */
final class S3Errors {

  private static final int MAX_LENGTH = 300;

  private S3Errors() {}

  static String describe(SdkException e, String endpoint) {
    String where = endpoint.isEmpty() ? "S3" : endpoint;
    if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
      var details = service.awsErrorDetails();
      String code = details.errorCode() == null ? "HTTP " + service.statusCode() : details.errorCode();
      String message = details.errorMessage() == null ? "" : ": " + details.errorMessage();
      return oneLine(code + message + " (HTTP " + service.statusCode() + ")");
    }
    if (e instanceof ApiCallTimeoutException) {
      return oneLine("no answer from " + where + " in time (" + e.getMessage() + ")");
    }
    if (e instanceof ApiCallAttemptTimeoutException) {
      return oneLine("an attempt to reach " + where + " timed out (" + e.getMessage() + ")");
    }
    Throwable root = rootCause(e);
    if (root instanceof ConnectException || root instanceof NoRouteToHostException) {
      return oneLine("connection refused to " + where + " (" + root.getMessage() + ")");
    }
    if (root instanceof UnknownHostException) {
      return oneLine("unknown host " + root.getMessage() + " for " + where);
    }
    if (root instanceof SocketTimeoutException) {
      return oneLine("timed out talking to " + where + " (" + root.getMessage() + ")");
    }
    if (root instanceof SSLException) {
      return oneLine("TLS failure with " + where + ": " + root.getMessage());
    }
    String message = String.valueOf(e.getMessage());
    if (message.startsWith("Unable to load credentials")) {
      return "no AWS credentials found: give the scaler's pod an identity (IRSA, EKS Pod Identity, GKE"
          + " Workload Identity) or set AWS credentials in its environment";
    }
    return oneLine(message);
  }

  private static Throwable rootCause(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause;
  }

  /** SDK messages can span lines (the credential chain lists every provider); keep one bounded line. */
  static String oneLine(String text) {
    String line = String.valueOf(text).replaceAll("\\s*\\R\\s*", " ").strip();
    return line.length() <= MAX_LENGTH ? line : line.substring(0, MAX_LENGTH - 3) + "...";
  }
}
