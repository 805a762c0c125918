package io.sparkscale.cli.render;

import io.sparkscale.cli.options.Converters;
import picocli.CommandLine.Option;

/**
 * How KEDA reaches the sparkscale scaler: its address and the Secret for mutual TLS. Shared by the commands
 * that write a trigger for a scaler running as a Service (scaledobject, scaledjob, sparkcluster); the
 * keda-sidecar's scaler is at localhost, with neither.
 */
public class KedaScalerOptions {

  @Option(names = "--scaler-address", required = true, paramLabel = "HOST:PORT",
      converter = Converters.ScalerAddress.class,
      description = "Where KEDA reaches sparkscale, e.g. sparkscale.keda.svc:9090.")
  String address;

  @Option(names = "--tls-secret", paramLabel = "NAME", converter = Converters.KubernetesName.class,
      description = "Secret with ca.crt, tls.crt, tls.key for mutual TLS to the scaler (a TriggerAuthentication"
          + " refers to it).")
  String tlsSecret;

  public String address() {
    return address;
  }

  /** Null without TLS. */
  public String tlsSecret() {
    return tlsSecret;
  }
}
