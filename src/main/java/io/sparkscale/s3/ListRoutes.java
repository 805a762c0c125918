package io.sparkscale.s3;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;

/**
 * Learns from the SDK where a bucket's listings go and how they are signed: the address and SigV4 scope of
 * the last ListObjectsV2 the SDK sent for that bucket and S3 answered with 200. Endpoint rules (path or
 * virtual-host style, FIPS, dual-stack, AWS_ENDPOINT_URL_S3, cross-region redirects) thus stay the SDK's;
 * {@link PageRequests} only repeats a request the SDK has shown works. A request it cannot repeat (SigV4a,
 * S3 Express session auth) leaves no route, so that bucket is always listed through the SDK.
 */
final class ListRoutes implements ExecutionInterceptor {

  /** Far more buckets than one client serves; past it, the routes are learned again. */
  static final int MAX_ROUTES = 1_000;
  private static final String SIGV4 = "AWS4-HMAC-SHA256 ";

  /**
   * @param signingRegion null when the SDK sent the request unsigned (anonymous credentials)
   */
  record Route(String protocol, String host, int port, String encodedPath, String signingRegion,
      String signingName) {

    boolean signed() {
      return signingRegion != null;
    }
  }

  private final Map<String, Route> byBucket = new ConcurrentHashMap<>();

  Optional<Route> of(String bucket) {
    return Optional.ofNullable(byBucket.get(bucket));
  }

  /** A direct request failed: the SDK decides again (a moved bucket, changed credentials). */
  void forget(String bucket) {
    byBucket.remove(bucket);
  }

  @Override
  public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
    if (!(context.request() instanceof ListObjectsV2Request list)) {
      return;
    }
    Route route = context.httpResponse().statusCode() == 200 ? routeOf(context.httpRequest()) : null;
    if (route == null) {
      byBucket.remove(list.bucket());
      return;
    }
    if (byBucket.size() >= MAX_ROUTES && !byBucket.containsKey(list.bucket())) {
      byBucket.clear();
    }
    byBucket.put(list.bucket(), route);
  }

  /** The route of a request sent as plain SigV4 (or unsigned); null for anything else. */
  static Route routeOf(SdkHttpRequest request) {
    if (request.firstMatchingHeader("x-amz-s3session-token").isPresent()) {
      return null; // S3 Express One Zone: session credentials the SDK fetches itself
    }
    Optional<String> authorization = request.firstMatchingHeader("Authorization");
    if (authorization.isEmpty()) {
      return new Route(request.protocol(), request.host(), request.port(), request.encodedPath(), null, null);
    }
    // "AWS4-HMAC-SHA256 Credential=AKID/20261205/us-east-1/s3/aws4_request, SignedHeaders=..., Signature=..."
    String value = authorization.get();
    int credential = value.indexOf("Credential=");
    if (!value.startsWith(SIGV4) || credential < 0) {
      return null;
    }
    int end = value.indexOf(',', credential);
    String[] scope = value.substring(credential + "Credential=".length(), end < 0 ? value.length() : end).split("/");
    if (scope.length != 5 || !"aws4_request".equals(scope[4])) {
      return null;
    }
    return new Route(request.protocol(), request.host(), request.port(), request.encodedPath(), scope[2], scope[3]);
  }
}
