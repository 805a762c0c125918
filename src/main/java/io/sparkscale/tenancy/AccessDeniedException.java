package io.sparkscale.tenancy;

/**
 * The tenant policy does not let a namespace count what its trigger names. The message names the namespace
 * and the bucket and nothing about the store (decided before any S3 request, so it cannot tell whether the
 * bucket exists); the gRPC adapter answers it with PERMISSION_DENIED.
 */
public class AccessDeniedException extends RuntimeException {
  public AccessDeniedException(String message) {
    super(message);
  }
}
