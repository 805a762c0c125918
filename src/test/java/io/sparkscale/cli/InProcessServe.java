package io.sparkscale.cli;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.sparkscale.grpc.externalscaler.ExternalScalerGrpc;
import java.io.PrintWriter;
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
import picocli.CommandLine;

/**
 * `sparkscale serve` run in-process with the real command tree, on free loopback ports, with a gRPC channel
 * and an HTTP client to it: for tests of the whole server as KEDA and the kubelet see it.
 */
final class InProcessServe implements AutoCloseable {

  private final ServeCommand serve = new ServeCommand();
  private final StringWriter err = new StringWriter();
  private final CompletableFuture<Integer> running;
  private final HttpClient http = HttpClient.newHttpClient();
  final int grpcPort;
  final int httpPort;
  final ManagedChannel channel;

  private InProcessServe(List<String> flags) throws Exception {
    List<String> args = new ArrayList<>(List.of("serve", "--bind-address", "127.0.0.1", "--port", "0",
        "--http-port", "0", "--region", "us-east-1"));
    args.addAll(flags);
    running = CompletableFuture.supplyAsync(() -> command(serve, err).execute(args.toArray(String[]::new)));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (serve.boundPorts() == null) {
      if (running.isDone()) {
        throw new AssertionError("serve ended with " + running.get() + ": " + err);
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("serve did not bind within 30 s: " + err);
      }
      Thread.sleep(20);
    }
    grpcPort = serve.boundPorts()[0];
    httpPort = serve.boundPorts()[1];
    channel = NettyChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
  }

  /** Starts serve with these flags (besides loopback, free ports and us-east-1). */
  static InProcessServe start(String... flags) throws Exception {
    return new InProcessServe(List.of(flags));
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

  @Override
  public void close() throws Exception {
    channel.shutdownNow();
    serve.stop();
    running.get(30, TimeUnit.SECONDS);
  }

  /** The real command tree with this ServeCommand in it (so a test can read its ports), stderr into {@code err}. */
  static CommandLine command(ServeCommand serve, StringWriter err) {
    CommandLine.IFactory factory = new CommandLine.IFactory() {
      @Override
      public <K> K create(Class<K> type) throws Exception {
        return type == ServeCommand.class ? type.cast(serve) : CommandLine.defaultFactory().create(type);
      }
    };
    return CommandLineSetup.configure(new CommandLine(new SparkscaleCommand(), factory))
        .setOut(new PrintWriter(new StringWriter(), true)).setErr(new PrintWriter(err, true));
  }
}
