package io.sparkscale.trigger;

import io.sparkscale.units.InvalidInputException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What the server counts against when a trigger does not say: from `serve --s3-endpoint`, the SDK's region
 * chain, and the endpoints a trigger may name (`--allow-endpoint`). A trigger may not pick an arbitrary
 * endpoint: that would let any ScaledObject author make the scaler send its identity's requests anywhere.
 *
 * @param endpoint S3 endpoint URL, "" for AWS's own endpoints
 * @param region AWS region, "" for the SDK's default chain
 * @param forcePathStyle path-style addressing by default (S3-compatible stores usually need it)
 * @param allowedEndpoints endpoints a trigger's `endpoint` key may name, besides {@code endpoint}
 * @param sqsEndpoint SQS-compatible endpoint (`serve --sqs-endpoint`) a notification queue URL may be
 *     on besides AWS's own SQS hosts, "" for none
 */
public record ServerDefaults(
    String endpoint,
    String region,
    boolean forcePathStyle,
    List<String> allowedEndpoints,
    String sqsEndpoint) {

  /** Without an SQS endpoint: notification queues only on AWS. */
  public ServerDefaults(
      String endpoint, String region, boolean forcePathStyle, List<String> allowedEndpoints) {
    this(endpoint, region, forcePathStyle, allowedEndpoints, "");
  }

  static final String ENDPOINT_HELP =
      "use an http:// or https:// URL with a host and optional port, without path, user or query";

  public ServerDefaults {
    endpoint = endpoint == null || endpoint.isBlank() ? "" : normalizeEndpoint("--s3-endpoint", endpoint);
    region = Objects.requireNonNullElse(region, "").strip();
    allowedEndpoints =
        Objects.requireNonNullElse(allowedEndpoints, List.<String>of()).stream()
            .map(e -> normalizeEndpoint("--allow-endpoint", e))
            .distinct()
            .toList();
    sqsEndpoint =
        sqsEndpoint == null || sqsEndpoint.isBlank() ? "" : normalizeEndpoint("--sqs-endpoint", sqsEndpoint);
  }

  /** The same defaults with notification queues also allowed at this SQS endpoint. */
  public ServerDefaults withSqsEndpoint(String url) {
    return new ServerDefaults(endpoint, region, forcePathStyle, allowedEndpoints, url);
  }

  /** AWS endpoints, region from the SDK chain, virtual-hosted addressing, no other endpoint allowed. */
  public static ServerDefaults aws() {
    return new ServerDefaults("", "", false, List.of());
  }

  /** Whether a trigger may count at this (normalized) endpoint. */
  public boolean allows(String normalizedEndpoint) {
    return normalizedEndpoint.equals(endpoint) || allowedEndpoints.contains(normalizedEndpoint);
  }

  /**
   * The canonical form of an endpoint URL (lowercase scheme and host, no trailing slash, no default port), so that
   * "http://MinIO:9000/" and "http://minio:9000" are the same endpoint and share one cached count.
   *
   * @throws InvalidInputException naming {@code name} when the URL is not a plain http(s) endpoint
   */
  public static String normalizeEndpoint(String name, String value) {
    String text = value == null ? "" : value.strip();
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw InvalidInputException.badValue(name, text, ENDPOINT_HELP);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    boolean plain =
        (scheme.equals("http") || scheme.equals("https"))
            && uri.getHost() != null
            && uri.getRawUserInfo() == null
            && uri.getRawQuery() == null
            && uri.getRawFragment() == null
            && (path.isEmpty() || path.equals("/"));
    if (!plain) {
      throw InvalidInputException.badValue(name, text, ENDPOINT_HELP);
    }
    return QueueUrls.origin(scheme, uri.getHost().toLowerCase(Locale.ROOT), uri.getPort());
  }
}
