package io.sparkscale.cli;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.sparkscale.grpc.externalscaler.ExternalScalerGrpc;
import io.sparkscale.testkit.Await;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * `sparkscale serve` run in-process with the real command tree, on free loopback ports, with a gRPC channel
 * and an HTTP client to it: for tests of the whole server as KEDA and the kubelet see it.
 */
final class ServeRunner implements AutoCloseable {

  private final ServeCommand serve = new ServeCommand();
  private final StringWriter err = new StringWriter();
  private final CompletableFuture<Integer> running;
  private final HttpClient http = HttpClient.newHttpClient();
  final int grpcPort;
  final int httpPort;
  final ManagedChannel channel;

  private ServeRunner(List<String> flags) throws Exception {
    List<String> args = new ArrayList<>(List.of("serve", "--bind-address", "127.0.0.1", "--port", "0",
        "--http-port", "0", "--region", "us-east-1"));
    args.addAll(flags);
    running = CompletableFuture.supplyAsync(
        () -> CliRunner.commandLine(serve, new StringWriter(), err).execute(args.toArray(String[]::new)));
    int[] ports = Await.until("serve to bind its ports (or end)", () -> serve.boundPorts(),
        bound -> bound != null || running.isDone());
    if (ports == null) {
      throw new AssertionError("serve ended with " + running.get() + ": " + err);
    }
    grpcPort = ports[0];
    httpPort = ports[1];
    channel = NettyChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
  }

  /** Starts serve with these flags (besides loopback, free ports and us-east-1). */
  static ServeRunner start(String... flags) throws Exception {
    return new ServeRunner(List.of(flags));
  }

  ExternalScalerGrpc.ExternalScalerBlockingStub blocking() {
    return ExternalScalerGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** What serve printed to stderr so far. */
  String err() {
    return err.toString();
  }

  /** Stops serve as SIGTERM would; returns its exit code. */
  int stop() throws Exception {
    channel.shutdownNow();
    serve.stop();
    return running.get(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws Exception {
    stop();
  }
}
