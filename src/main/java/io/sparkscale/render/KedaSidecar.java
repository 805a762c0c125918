package io.sparkscale.render;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkscale.units.Durations;
import io.sparkscale.units.InvalidInputException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * sparkscale as a sidecar of keda-operator, through KEDA's own chart (kedacore/charts,
 * operator.extraContainers). Only the operator calls external scalers, so the scaler is reached at
 * localhost: no Service, no network exposure, no TLS. The price: S3 read access is granted to the
 * operator's ServiceAccount (podIdentity.aws.irsa or podIdentity.gcp in the same values).
 *
 * @param region default S3 region for triggers that name none; null for the SDK's own lookup
 * @param s3Endpoint default S3-compatible endpoint (MinIO, Ceph); null for AWS S3
 * @param roleArn IAM role for IRSA on the operator's ServiceAccount; null to leave identity alone
 * @param gcpServiceAccount GCP service account e-mail for GKE Workload Identity; null for none
 */
public record KedaSidecar(
    String image,
    int port,
    int httpPort,
    String region,
    String s3Endpoint,
    Duration cacheTtl,
    Duration maxStaleness,
    String roleArn,
    String gcpServiceAccount) {

  public static final int DEFAULT_PORT = 9090;
  public static final int DEFAULT_HTTP_PORT = 9091;
  /** Ports keda-operator itself listens on (metrics, probes, the metrics-server gRPC). */
  static final List<Integer> KEDA_PORTS = List.of(8080, 8081, 9666);

  public KedaSidecar {
    Names.token("--image", image, "use a container image reference such as ghcr.io/org/sparkscale:0.1.0");
    port("--port", port);
    port("--http-port", httpPort);
    if (port == httpPort) {
      throw new InvalidInputException("--http-port: must differ from --port (" + port + ")");
    }
    if (s3Endpoint != null && !s3Endpoint.matches("https?://\\S+")) {
      throw InvalidInputException.badValue(
          "--s3-endpoint", s3Endpoint, "use an http:// or https:// URL, e.g. https://minio.storage:9000");
    }
    if (roleArn != null && !roleArn.matches("arn:aws[a-z-]*:iam::\\d{12}:role/\\S+")) {
      throw InvalidInputException.badValue(
          "--role-arn", roleArn, "use an IAM role ARN such as arn:aws:iam::123456789012:role/sparkscale");
    }
    if (gcpServiceAccount != null && !gcpServiceAccount.matches("\\S+@\\S+\\.iam\\.gserviceaccount\\.com")) {
      throw InvalidInputException.badValue(
          "--gcp-service-account", gcpServiceAccount,
          "use a service account e-mail such as sparkscale@PROJECT.iam.gserviceaccount.com");
    }
    if (roleArn != null && gcpServiceAccount != null) {
      throw new InvalidInputException("--role-arn and --gcp-service-account: give one of them, not both");
    }
  }

  private static void port(String option, int port) {
    if (port < 1024 || port > 65535 || KEDA_PORTS.contains(port)) {
      throw InvalidInputException.badValue(
          option, Integer.toString(port),
          "use a port from 1024 to 65535 that keda-operator does not use (8080, 8081, 9666)");
    }
  }

  /** Where KEDA reaches the sidecar: its own pod. */
  public String scalerAddress() {
    return "localhost:" + port;
  }

  List<String> serveArgs() {
    List<String> args = new ArrayList<>(List.of("serve", "--port", Integer.toString(port)));
    args.addAll(List.of("--http-port", Integer.toString(httpPort)));
    // Loopback only: the operator is the one caller, and nothing else in the cluster can reach the scaler.
    args.addAll(List.of("--bind-address", "127.0.0.1"));
    if (region != null) {
      args.addAll(List.of("--region", region));
    }
    if (s3Endpoint != null) {
      args.addAll(List.of("--s3-endpoint", s3Endpoint));
    }
    if (cacheTtl != null) {
      args.addAll(List.of("--cache-ttl", Durations.format(cacheTtl)));
    }
    if (maxStaleness != null) {
      args.addAll(List.of("--max-staleness", Durations.format(maxStaleness)));
    }
    return args;
  }

  /** Values to merge into the KEDA chart's (helm upgrade keda kedacore/keda -f keda-values.yaml). */
  public Document values() {
    ObjectNode values = Yaml.object();
    ArrayNode containers = values.putObject("operator").putArray("extraContainers");
    containers.add(container());
    if (roleArn != null) {
      ObjectNode irsa = values.putObject("podIdentity").putObject("aws").putObject("irsa");
      irsa.put("enabled", true);
      irsa.put("roleArn", roleArn);
    } else if (gcpServiceAccount != null) {
      ObjectNode gcp = values.putObject("podIdentity").putObject("gcp");
      gcp.put("enabled", true);
      gcp.put("gcpIAMServiceAccount", gcpServiceAccount);
    }
    return Document.yaml("keda-values.yaml", Yaml.write(values));
  }

  ObjectNode container() {
    ObjectNode c = Yaml.object();
    c.put("name", "sparkscale");
    c.put("image", image);
    c.set("args", Yaml.strings(serveArgs()));
    // No probes. A readiness probe would be harmful: a not-ready sidecar takes keda-operator out of its
    // Service, which KEDA's metrics server calls. And the kubelet probes the pod IP, which a loopback-bound
    // scaler does not answer. A crashed scaler is restarted anyway; a hung one shows up as failing
    // triggers, which KEDA counts towards fallback.
    c.set("resources", Pods.resources("50m", "128Mi", "256Mi"));
    c.set("securityContext", Pods.restrictedContainer());
    return c;
  }
}
