package io.sparkscale.sqs;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/** A real SQS API server (ElasticMQ, embedded) on a free loopback port, with a client to publish. */
public final class ElasticMq implements AutoCloseable {

  private final SQSRestServer server;
  private final int port;
  private final SqsClient client;

  private ElasticMq(SQSRestServer server, int port) {
    this.server = server;
    this.port = port;
    this.client = SqsClient.builder()
        .endpointOverride(URI.create(endpoint()))
        .region(Region.US_EAST_1)
        .credentialsProvider(credentials())
        .httpClientBuilder(ApacheHttpClient.builder())
        .build();
  }

  public static ElasticMq start() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    SQSRestServer server = SQSRestServerBuilder.withPort(port).withInterface("127.0.0.1").start();
    server.waitUntilStarted();
    return new ElasticMq(server, port);
  }

  public static AwsCredentialsProvider credentials() {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x"));
  }

  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  public SqsClient client() {
    return client;
  }

  public String createQueue(String name) {
    return client.createQueue(b -> b.queueName(name)).queueUrl();
  }

  public void send(String queueUrl, String body) {
    client.sendMessage(b -> b.queueUrl(queueUrl).messageBody(body));
  }

  int approximateMessages(String queueUrl) {
    var attributes = client.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNamesWithStrings(
        "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible")).attributesAsStrings();
    return Integer.parseInt(attributes.get("ApproximateNumberOfMessages"))
        + Integer.parseInt(attributes.get("ApproximateNumberOfMessagesNotVisible"));
  }

  @Override
  public void close() {
    client.close();
    server.stopAndWait();
  }
}
