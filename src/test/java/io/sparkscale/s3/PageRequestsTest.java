package io.sparkscale.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.sparkscale.notifications.KeyListing.ListedObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Pages asked for directly read the same as the SDK's, against a real S3 API that checks every signature;
 * whatever the direct path cannot read or is refused is asked of the SDK, with the SDK's answer or error.
 */
class PageRequestsTest {

  /**
   * Keys that need XML escaping, URL encoding or both; s3proxy's filesystem backend stores them as files.
   * No control characters: s3proxy ignores encoding-type=url, so they would make its XML invalid for the SDK too.
   */
  static final List<String> AWKWARD_KEYS = List.of(
      "in/plain.csv", "in/a b.csv", "in/a+b.csv", "in/100%.csv", "in/a&b<c>.csv", "in/quote\"'.csv",
      "in/été/€.csv", "in/日本語.csv", "in/tab\there.csv", "in/deep/x=1/y.csv");

  static S3ProxyServer s3;
  static S3Clients clients;

  @BeforeAll
  static void start() throws IOException {
    s3 = S3ProxyServer.startVerifyingSignatures();
    for (int i = 0; i < AWKWARD_KEYS.size(); i++) {
      s3.put("landing", AWKWARD_KEYS.get(i), new byte[i + 1], Instant.parse("2026-12-05T10:00:00Z").plusSeconds(i));
    }
    clients = new S3Clients(S3Settings.defaults(), S3ProxyServer.credentials());
  }

  @AfterAll
  static void stop() {
    clients.close();
    s3.close();
  }

  @Test
  void afterTheSdksFirstPageEveryPageIsDirectSignedAndReadsAsTheSdksDoes() {
    PageRequests pages = clients.pages(s3.endpoint(), "us-east-1", true);
    long directBefore = pages.directPages();
    long sdkBefore = pages.sdkPages();
    AtomicInteger requests = new AtomicInteger();

    List<ListedObject> direct = listAll(pages, new PageRequests.Query("landing", "in/", null, 2, null, null),
        requests::incrementAndGet);

    assertThat(direct).isEqualTo(sdkListing(clients.get(s3.endpoint(), "us-east-1", true), "in/", 2));
    assertThat(direct).extracting(ListedObject::key).containsExactlyInAnyOrderElementsOf(AWKWARD_KEYS);
    int pagesRead = (AWKWARD_KEYS.size() + 1) / 2;
    assertThat(pages.sdkPages() - sdkBefore).as("pages through the SDK").isLessThanOrEqualTo(1);
    assertThat(pages.directPages() - directBefore).as("direct pages, signatures accepted")
        .isGreaterThanOrEqualTo(pagesRead - 1);
    assertThat(requests).hasValue(pagesRead);
  }

  @Test
  void theServerReallyChecksSignatures() {
    var wrong = StaticCredentialsProvider.create(AwsBasicCredentials.create("test-access", "not-the-secret"));
    try (S3Clients own = new S3Clients(S3Settings.defaults(), wrong)) {
      assertThatThrownBy(() -> own.pages(s3.endpoint(), "us-east-1", true)
          .list(new PageRequests.Query("landing", "in/", null, 2, null, null), PageRequests.Gate.NONE))
          .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
    }
  }

  @Test
  void delimiterListingsReadTheSameCommonPrefixes() {
    PageRequests pages = clients.pages(s3.endpoint(), "us-east-1", true);
    PageRequests.Query query = new PageRequests.Query("landing", "in/", "/", 1000, null, null);
    pages.list(query, PageRequests.Gate.NONE); // the SDK's, so the route is known
    long directBefore = pages.directPages();

    ListPage page = pages.list(query, PageRequests.Gate.NONE);

    assertThat(pages.directPages()).isEqualTo(directBefore + 1);
    assertThat(page.commonPrefixes()).containsExactly("in/deep/", "in/été/");
    assertThat(page.contents()).hasSize(AWKWARD_KEYS.size() - 2);
  }

  @Test
  void aBucketGoneAfterItsRouteWasLearnedFailsWithTheSdksError() throws IOException {
    s3.createBucket("doomed");
    s3.put("doomed", "a.csv", 1);
    PageRequests pages = clients.pages(s3.endpoint(), "us-east-1", true);
    PageRequests.Query query = new PageRequests.Query("doomed", "", null, 1000, null, null);
    assertThat(pages.list(query, PageRequests.Gate.NONE).contents()).hasSize(1);
    Files.delete(s3.basedir().resolve("doomed").resolve("a.csv"));
    Files.delete(s3.basedir().resolve("doomed"));
    AtomicInteger requests = new AtomicInteger();
    long sdkBefore = pages.sdkPages();

    assertThatThrownBy(() -> pages.list(query, requests::incrementAndGet))
        .isInstanceOf(NoSuchBucketException.class);
    assertThat(requests).as("the direct request and the SDK's").hasValue(2);
    assertThat(pages.sdkPages()).isEqualTo(sdkBefore);
  }

  @Test
  void aBodyTheReaderRefusesIsAskedOfTheSdkWhichReadsIt() throws IOException {
    AtomicInteger served = new AtomicInteger();
    HttpServer store = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    store.createContext("/", exchange -> {
      served.incrementAndGet();
      // CDATA is valid XML the lean reader leaves to the SDK.
      byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListBucketResult><IsTruncated>false</IsTruncated>"
          + "<Contents><Key><![CDATA[in/a&b.csv]]></Key><Size>7</Size></Contents></ListBucketResult>")
          .getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    store.start();
    String endpoint = "http://127.0.0.1:" + store.getAddress().getPort();
    try (S3Clients own = new S3Clients(S3Settings.defaults(), S3ProxyServer.credentials())) {
      PageRequests pages = own.pages(endpoint, "us-east-1", true);
      PageRequests.Query query = new PageRequests.Query("cdata", "in/", null, 1000, null, null);
      pages.list(query, PageRequests.Gate.NONE);

      ListPage page = pages.list(query, PageRequests.Gate.NONE);

      assertThat(page.contents()).containsExactly(new ListedObject("in/a&b.csv", 7, null));
      assertThat(pages.directPages()).isZero();
      assertThat(pages.sdkPages()).isEqualTo(2);
      assertThat(served).as("first page, then the refused direct one and the SDK's").hasValue(3);
    } finally {
      store.stop(0);
    }
  }

  static List<ListedObject> listAll(PageRequests pages, PageRequests.Query query, PageRequests.Gate gate) {
    List<ListedObject> all = new ArrayList<>();
    String token = null;
    do {
      ListPage page = pages.list(query.withToken(token), gate);
      all.addAll(page.contents());
      token = page.next();
    } while (token != null);
    return all;
  }

  static List<ListedObject> sdkListing(S3Client client, String prefix, int pageSize) {
    List<ListedObject> all = new ArrayList<>();
    for (S3Object object : client.listObjectsV2Paginator(
        ListObjectsV2Request.builder().bucket("landing").prefix(prefix).maxKeys(pageSize).build()).contents()) {
      all.add(new ListedObject(object.key(), object.size(), object.lastModified()));
    }
    return all;
  }
}
