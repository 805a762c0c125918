package io.sparkscale.s3;

import io.sparkscale.notifications.KeyListing.ListedObject;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * ListObjectsV2 pages for one S3 client. Once the SDK has listed a bucket ({@link ListRoutes}), its pages
 * are asked for directly: the same address, signed by the SDK's own SigV4 signer, sent on the shared HTTP
 * client, read by {@link ListPageXml}. That skips the SDK's per-request pipeline (endpoint rules,
 * interceptors, StAX unmarshalling, a builder per object), which was most of a listing's CPU and garbage.
 *
 * <p>Anything but a 200 whose body reads cleanly (an error status, a refused connection, a timeout, an
 * unexpected body) sends the same page through the SDK, which then retries, follows redirects and
 * reports errors exactly as before: the direct path can make a page slower, never different.
 */
final class PageRequests {

  /** Called before every request to S3, the direct one and an SDK retry of it alike. */
  @FunctionalInterface
  interface Gate {
    Gate NONE = () -> {};

    void beforeRequest();
  }

  /** One page's parameters; null or empty strings are left out of the request. */
  record Query(String bucket, String prefix, String delimiter, int maxKeys, String startAfter,
      String continuationToken) {

    Query withToken(String token) {
      return new Query(bucket, prefix, delimiter, maxKeys, startAfter, token);
    }
  }

  private static final System.Logger LOG = System.getLogger(PageRequests.class.getName());
  private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();

  private final S3Client sdk;
  private final ListRoutes routes;
  private final SdkHttpClient http;
  private final AwsCredentialsProvider credentials;
  private final ScheduledExecutorService timers;
  private final Duration attemptTimeout;
  private final LongAdder direct = new LongAdder();
  private final LongAdder throughSdk = new LongAdder();

  PageRequests(S3Client sdk, ListRoutes routes, SdkHttpClient http, AwsCredentialsProvider credentials,
      ScheduledExecutorService timers, Duration attemptTimeout) {
    this.sdk = sdk;
    this.routes = routes;
    this.http = http;
    this.credentials = credentials;
    this.timers = timers;
    this.attemptTimeout = attemptTimeout;
  }

  /** One page: directly when the bucket's route is known and the answer reads cleanly, else through the SDK. */
  ListPage list(Query query, Gate gate) {
    Optional<ListRoutes.Route> route = routes.of(query.bucket());
    if (route.isPresent()) {
      gate.beforeRequest();
      Optional<ListPage> page = direct(route.get(), query);
      if (page.isPresent()) {
        direct.increment();
        return page.get();
      }
      routes.forget(query.bucket());
    }
    gate.beforeRequest();
    ListPage page = throughSdk(query);
    throughSdk.increment();
    return page;
  }

  /** Pages read directly and through the SDK since start (tests and the bench check which path ran). */
  long directPages() {
    return direct.sum();
  }

  long sdkPages() {
    return throughSdk.sum();
  }

  private Optional<ListPage> direct(ListRoutes.Route route, Query query) {
    ExecutableHttpRequest call;
    try {
      call = http.prepareRequest(HttpExecuteRequest.builder().request(signed(route, query)).build());
    } catch (RuntimeException e) { // credentials not resolved, say: the SDK reports it as it always has
      LOG.log(Level.DEBUG, () -> "direct listing of " + query.bucket() + " not signed: " + e.getMessage());
      return Optional.empty();
    }
    ScheduledFuture<?> abort = timers.schedule(call::abort, attemptTimeout.toNanos(), TimeUnit.NANOSECONDS);
    try {
      HttpExecuteResponse response = call.call();
      byte[] body = readAll(response.responseBody());
      int status = response.httpResponse().statusCode();
      if (status != 200) {
        LOG.log(Level.DEBUG, () -> "direct listing of " + query.bucket() + ": HTTP " + status + ", asking the SDK");
        return Optional.empty();
      }
      return Optional.of(ListPageXml.parse(body));
    } catch (IOException | RuntimeException | ListPageXml.Unreadable e) {
      LOG.log(Level.DEBUG, () -> "direct listing of " + query.bucket() + " failed (" + e + "), asking the SDK");
      return Optional.empty();
    } finally {
      abort.cancel(false);
    }
  }

  private SdkHttpRequest signed(ListRoutes.Route route, Query query) {
    SdkHttpFullRequest.Builder request = SdkHttpFullRequest.builder()
        .method(SdkHttpMethod.GET)
        .protocol(route.protocol())
        .host(route.host())
        .port(route.port())
        .encodedPath(route.encodedPath())
        .putRawQueryParameter("list-type", "2")
        .putRawQueryParameter("max-keys", Integer.toString(query.maxKeys()))
        // Keys with characters XML 1.0 cannot carry come back URL-encoded; ListPageXml decodes them.
        .putRawQueryParameter("encoding-type", "url");
    putIfGiven(request, "prefix", query.prefix());
    putIfGiven(request, "delimiter", query.delimiter());
    putIfGiven(request, "start-after", query.startAfter());
    putIfGiven(request, "continuation-token", query.continuationToken());
    SdkHttpFullRequest unsigned = request.build();
    if (!route.signed()) {
      return unsigned;
    }
    return SIGNER.sign(sign -> sign
            .identity(credentials.resolveCredentials())
            .request(unsigned)
            .putProperty(AwsV4HttpSigner.REGION_NAME, route.signingRegion())
            .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, route.signingName())
            // As the SDK signs S3 requests: paths are neither encoded twice nor normalized.
            .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
            .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
            .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false))
        .request();
  }

  private static void putIfGiven(SdkHttpFullRequest.Builder request, String name, String value) {
    if (given(value)) {
      request.putRawQueryParameter(name, value);
    }
  }

  /** Query strings left out when null or empty, on both paths alike. */
  private static boolean given(String value) {
    return value != null && !value.isEmpty();
  }

  /** The whole body (an error's too, so the connection goes back to the pool); closing it returns it. */
  private static byte[] readAll(Optional<AbortableInputStream> body) throws IOException {
    if (body.isEmpty()) {
      return new byte[0];
    }
    try (InputStream in = body.get()) {
      return in.readAllBytes();
    }
  }

  private ListPage throughSdk(Query query) {
    ListObjectsV2Request.Builder request = ListObjectsV2Request.builder()
        .bucket(query.bucket()).maxKeys(query.maxKeys());
    if (given(query.prefix())) {
      request.prefix(query.prefix());
    }
    if (given(query.delimiter())) {
      request.delimiter(query.delimiter());
    }
    if (given(query.startAfter())) {
      request.startAfter(query.startAfter());
    }
    if (query.continuationToken() != null) {
      request.continuationToken(query.continuationToken());
    }
    ListObjectsV2Response response = sdk.listObjectsV2(request.build());
    List<ListedObject> objects = new ArrayList<>(response.contents().size());
    for (S3Object object : response.contents()) {
      objects.add(new ListedObject(object.key(), object.size() == null ? 0 : object.size(), object.lastModified()));
    }
    List<String> prefixes = new ArrayList<>(response.commonPrefixes().size());
    response.commonPrefixes().forEach(p -> prefixes.add(p.prefix()));
    return new ListPage(objects, prefixes, Boolean.TRUE.equals(response.isTruncated()),
        response.nextContinuationToken());
  }
}
