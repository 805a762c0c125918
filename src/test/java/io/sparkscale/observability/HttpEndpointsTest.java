package io.sparkscale.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkscale.backlog.BacklogCount;
import io.sparkscale.backlog.BacklogUnavailableException;
import io.sparkscale.backlog.CountKey;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The probe and scrape endpoints over a real loopback socket. */
class HttpEndpointsTest {

  final ScalerMetrics metrics = new ScalerMetrics("1.2.3");
  final AtomicBoolean ready = new AtomicBoolean();
  final HttpClient client = HttpClient.newHttpClient();
  HttpEndpoints endpoints;

  @BeforeEach
  void start() throws Exception {
    endpoints = HttpEndpoints.start(new InetSocketAddress("127.0.0.1", 0), metrics.registry(), ready::get);
  }

  @AfterEach
  void stop() {
    endpoints.close();
  }

  @Test
  void livenessIsAlwaysOkAndReadinessFollowsTheGrpcServer() throws Exception {
    assertThat(get("/livez").statusCode()).isEqualTo(200);
    assertThat(get("/readyz").statusCode()).isEqualTo(503);
    ready.set(true);
    assertThat(get("/readyz").statusCode()).isEqualTo(200);
  }

  @Test
  void metricsAreInThePrometheusTextFormat() throws Exception {
    CountKey key = new CountKey("", "", false, "landing", "in/", "", Duration.ZERO, 100_000);
    metrics.countStarted(key);
    metrics.counted(key, new BacklogCount(2_500, 9_000, false, 3, Instant.now(), Duration.ofMillis(420)));
    metrics.cacheHit(key);
    metrics.cacheHit(key);
    metrics.countFailed(key, new BacklogUnavailableException("503 SlowDown"));
    metrics.staleServed(key, Duration.ofSeconds(12));
    metrics.grpcRequests().inc("GetMetrics", "OK");
    metrics.grpcRequests().inc("GetMetrics", "UNAVAILABLE");
    metrics.gauge("sparkscale_streams_open", "Open streams.", () -> 7);

    HttpResponse<String> response = get("/metrics");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
    assertThat(response.body())
        .contains("# TYPE sparkscale_build_info gauge\nsparkscale_build_info{version=\"1.2.3\"} 1\n")
        .contains("# TYPE sparkscale_s3_list_requests_total counter\nsparkscale_s3_list_requests_total 3\n")
        .contains("sparkscale_count_errors_total 1\n")
        .contains("sparkscale_cache_hits_total 2\n")
        .contains("sparkscale_stale_served_total 1\n")
        .contains("# TYPE sparkscale_count_duration_seconds histogram\n")
        .contains("sparkscale_count_duration_seconds_bucket{le=\"0.25\"} 0\n")
        .contains("sparkscale_count_duration_seconds_bucket{le=\"0.5\"} 1\n")
        .contains("sparkscale_count_duration_seconds_bucket{le=\"+Inf\"} 1\n")
        .contains("sparkscale_count_duration_seconds_sum 0.42\n")
        .contains("sparkscale_count_duration_seconds_count 1\n")
        .contains("sparkscale_grpc_requests_total{method=\"GetMetrics\",code=\"OK\"} 1\n")
        .contains("sparkscale_grpc_requests_total{method=\"GetMetrics\",code=\"UNAVAILABLE\"} 1\n")
        .contains("sparkscale_streams_open 7\n");
    // Every sample line is "name{labels} value" or "name value".
    assertThat(response.body().lines().filter(line -> !line.startsWith("#")))
        .allMatch(line -> line.matches("[a-z][a-z0-9_]*(\\{[^}]*\\})? -?[0-9.eE+-]+"));
  }

  @Test
  void onlyGetAndHeadOnKnownPaths() throws Exception {
    HttpResponse<String> post = client.send(
        HttpRequest.newBuilder(uri("/metrics")).POST(HttpRequest.BodyPublishers.ofString("x")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(get("/livez/extra").statusCode()).isEqualTo(404);
    assertThat(get("/").statusCode()).isEqualTo(404);
  }

  @Test
  void aHalfSentRequestDoesNotHoldUpTheProbes() throws Exception {
    ready.set(true);
    // Slow clients that never finish their request, more of them than a small pool has threads.
    List<Socket> slow = new ArrayList<>();
    try {
      for (int i = 0; i < 4; i++) {
        Socket socket = new Socket("127.0.0.1", endpoints.port());
        socket.getOutputStream().write("GET /livez HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        slow.add(socket);
      }
      HttpClient impatient = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      for (String path : List.of("/livez", "/readyz", "/metrics")) {
        HttpResponse<String> response = impatient.send(
            HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(2)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
      }
    } finally {
      for (Socket socket : slow) {
        socket.close();
      }
    }
  }

  @Test
  void aConnectionThatNeverFinishesItsRequestIsClosedAtTheDeadline() throws Exception {
    try (HttpEndpoints strict = HttpEndpoints.start(new InetSocketAddress("127.0.0.1", 0), metrics.registry(),
            ready::get, () -> "", Duration.ofMillis(300));
        Socket socket = new Socket("127.0.0.1", strict.port())) {
      socket.setSoTimeout(5_000);
      socket.getOutputStream().write("GET /livez HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      long started = System.nanoTime();
      assertThat(socket.getInputStream().read()).as("closed without an answer").isEqualTo(-1);
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
    }
  }

  @Test
  void readinessSaysWhichPolicyIsInForce() throws Exception {
    try (HttpEndpoints withDetail = HttpEndpoints.start(new InetSocketAddress("127.0.0.1", 0),
        metrics.registry(), () -> true, () -> "tenant policy: 2 namespace(s)")) {
      HttpResponse<String> response = client.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + withDetail.port() + "/readyz")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("ok\ntenant policy: 2 namespace(s)\n");
    }
  }

  private HttpResponse<String> get(String path) throws Exception {
    return client.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + endpoints.port() + path);
  }
}
