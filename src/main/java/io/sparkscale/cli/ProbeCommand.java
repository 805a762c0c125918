package io.sparkscale.cli;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.sparkscale.grpc.StreamRecorder;
import io.sparkscale.grpc.TlsContexts;
import io.sparkscale.grpc.externalscaler.ExternalScalerGrpc;
import io.sparkscale.grpc.externalscaler.GetMetricSpecResponse;
import io.sparkscale.grpc.externalscaler.GetMetricsRequest;
import io.sparkscale.grpc.externalscaler.GetMetricsResponse;
import io.sparkscale.grpc.externalscaler.IsActiveResponse;
import io.sparkscale.grpc.externalscaler.MetricSpec;
import io.sparkscale.grpc.externalscaler.MetricValue;
import io.sparkscale.grpc.externalscaler.ScaledObjectRef;
import io.sparkscale.render.Names;
import io.sparkscale.units.Durations;
import io.sparkscale.units.InvalidInputException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Calls an external scaler the way KEDA does (GetMetricSpec, then GetMetrics with the name it got, then
 * IsActive) and prints what came back and how long each call took: for a ScaledObject that does not scale.
 */
@Command(
    name = "probe",
    mixinStandardHelpOptions = true,
    description = {
      "Call a KEDA external scaler as KEDA does and print each answer and its latency.",
      "Exit 0 when every call succeeds, 1 when one fails (its gRPC status is printed)."
    })
public class ProbeCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin VerboseOption verbose;

  @Option(names = "--address", required = true, paramLabel = "HOST:PORT",
      description = "The scaler, as in the trigger's scalerAddress.")
  String address;

  @Option(names = "--metadata", split = ",", paramLabel = "KEY=VALUE",
      description = "The trigger's metadata, e.g. bucket=b,prefix=in/; repeatable.")
  Map<String, String> metadata = new LinkedHashMap<>();

  @Option(names = "--name", defaultValue = "sparkscale-probe", description = "ScaledObject name sent.")
  String name;

  @Option(names = "--namespace", defaultValue = "default", description = "Namespace sent.")
  String namespace;

  @Option(names = "--stream", paramLabel = "SECONDS",
      description = "Then open StreamIsActive (external-push) for this many seconds, printing each message.")
  Integer streamSeconds;

  @Option(names = "--timeout", defaultValue = "3s",
      description = "Deadline of each call (default ${DEFAULT-VALUE}; KEDA gives all three 3s together).")
  String timeout;

  @Option(names = "--tls-ca", paramLabel = "FILE", description = "Use TLS, trusting this PEM CA (caCert).")
  Path tlsCa;

  @Option(names = "--tls-cert", paramLabel = "FILE", description = "Client certificate PEM (tlsClientCert).")
  Path tlsCert;

  @Option(names = "--tls-key", paramLabel = "FILE", description = "Client key PEM (tlsClientKey).")
  Path tlsKey;

  @Option(names = "--tls-server-name", paramLabel = "NAME",
      description = "Name to verify the server certificate against, when it differs from HOST.")
  String tlsServerName;

  @Override
  public Integer call() throws InterruptedException {
    Duration deadline = Durations.parsePositive("--timeout", timeout);
    if (streamSeconds != null && streamSeconds <= 0) {
      throw InvalidInputException.badValue("--stream", streamSeconds.toString(), "use a number of seconds above 0");
    }
    HostPort target = HostPort.parse("--address", address);
    NettyChannelBuilder builder = NettyChannelBuilder.forAddress(target.host(), target.port());
    boolean tls = tlsCa != null || tlsCert != null || tlsKey != null;
    if (tls) {
      builder.sslContext(TlsContexts.client(tlsCa, tlsCert, tlsKey));
      if (tlsServerName != null) {
        builder.overrideAuthority(tlsServerName);
      }
    } else {
      builder.usePlaintext();
    }
    ManagedChannel channel = builder.build();
    try {
      return probe(channel, deadline, tls);
    } finally {
      channel.shutdownNow();
      channel.awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private int probe(ManagedChannel channel, Duration deadline, boolean tls) throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    ScaledObjectRef ref =
        ScaledObjectRef.newBuilder().setName(name).setNamespace(namespace).putAllScalerMetadata(metadata).build();
    var stub = ExternalScalerGrpc.newBlockingStub(channel);
    Supplier<ExternalScalerGrpc.ExternalScalerBlockingStub> timed =
        () -> stub.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    out.printf("scaler %s (%s), metadata %s%n", address, tls ? "TLS" : "plaintext", metadata);
    out.flush();

    long start = System.nanoTime();
    GetMetricSpecResponse specs;
    try {
      specs = timed.get().getMetricSpec(ref);
    } catch (StatusRuntimeException e) {
      return failed("GetMetricSpec", start, e);
    }
    out.printf("GetMetricSpec  %5d ms  %d metric spec(s)%n", millisSince(start), specs.getMetricSpecsCount());
    for (MetricSpec metricSpec : specs.getMetricSpecsList()) {
      out.printf("  metricName=%s targetSize=%d targetSizeFloat=%s%n",
          metricSpec.getMetricName(), metricSpec.getTargetSize(), metricSpec.getTargetSizeFloat());
    }
    if (specs.getMetricSpecsCount() != 1) {
      spec.commandLine().getErr().println("probe: KEDA expects exactly one metric spec from an external trigger");
      return CommandLineSetup.EXIT_RUNTIME_FAILURE;
    }

    GetMetricsRequest request = GetMetricsRequest.newBuilder()
        .setScaledObjectRef(ref).setMetricName(specs.getMetricSpecs(0).getMetricName()).build();
    start = System.nanoTime();
    GetMetricsResponse metrics;
    try {
      metrics = timed.get().getMetrics(request);
    } catch (StatusRuntimeException e) {
      return failed("GetMetrics", start, e);
    }
    out.printf("GetMetrics     %5d ms  %d value(s)%n", millisSince(start), metrics.getMetricValuesCount());
    for (MetricValue value : metrics.getMetricValuesList()) {
      out.printf("  metricName=%s metricValue=%d metricValueFloat=%s%n",
          value.getMetricName(), value.getMetricValue(), value.getMetricValueFloat());
    }

    start = System.nanoTime();
    IsActiveResponse active;
    try {
      active = timed.get().isActive(ref);
    } catch (StatusRuntimeException e) {
      return failed("IsActive", start, e);
    }
    out.printf("IsActive       %5d ms  result=%s%n", millisSince(start), active.getResult());
    out.flush();
    return streamSeconds == null ? 0 : stream(channel, ref, out);
  }

  /** Opens StreamIsActive as KEDA's external-push does, prints each message, cancels after N seconds. */
  private int stream(ManagedChannel channel, ScaledObjectRef ref, PrintWriter out) throws InterruptedException {
    StreamRecorder<ScaledObjectRef, IsActiveResponse> stream = new StreamRecorder<>();
    long start = System.nanoTime();
    ExternalScalerGrpc.newStub(channel).streamIsActive(ref, stream);
    long end = start + TimeUnit.SECONDS.toNanos(streamSeconds);
    out.printf("StreamIsActive opened for %d s%n", streamSeconds);
    out.flush();
    while (true) {
      StreamRecorder.Event<IsActiveResponse> event = stream.poll(Duration.ofNanos(Math.max(0, end - System.nanoTime())));
      double at = (System.nanoTime() - start) / 1e9;
      if (event == null) {
        stream.cancel("probe finished");
        out.printf("StreamIsActive closed by the probe after %.1f s%n", at);
        return 0;
      }
      if (event instanceof StreamRecorder.Message<IsActiveResponse> message) {
        out.printf("  +%.1f s  result=%s%n", at, message.value().getResult());
        out.flush();
      } else if (event instanceof StreamRecorder.End<IsActiveResponse> ended && ended.status().isOk()) {
        out.printf("StreamIsActive ended by the scaler after %.1f s%n", at);
        return 0;
      } else if (event instanceof StreamRecorder.End<IsActiveResponse> ended) {
        Status status = ended.status();
        spec.commandLine().getErr().printf("probe: StreamIsActive failed after %.1f s: %s%s%n", at,
            status.getCode(), status.getDescription() == null ? "" : ": " + status.getDescription());
        return CommandLineSetup.EXIT_RUNTIME_FAILURE;
      }
    }
  }

  private int failed(String call, long start, StatusRuntimeException e) {
    Status status = e.getStatus();
    // Transport failures say only "io exception"; the cause names it (connection refused, TLS handshake).
    String cause = status.getCause() == null || status.getCause().getMessage() == null
        ? "" : " (" + status.getCause().getMessage().strip().replace('\n', ' ') + ")";
    spec.commandLine().getErr().printf("probe: %s failed after %d ms: %s%s%s%n", call, millisSince(start),
        status.getCode(), status.getDescription() == null ? "" : ": " + status.getDescription(), cause);
    return CommandLineSetup.EXIT_RUNTIME_FAILURE;
  }

  private static long millisSince(long start) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }

  /** HOST:PORT, with [v6]:PORT for IPv6 literals: what a ScaledObject's scalerAddress may name. */
  record HostPort(String host, int port) {
    static HostPort parse(String option, String text) {
      Names.address(option, text);
      int colon = text.lastIndexOf(':');
      String host = text.substring(0, colon);
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      return new HostPort(host, Integer.parseInt(text.substring(colon + 1)));
    }
  }
}
