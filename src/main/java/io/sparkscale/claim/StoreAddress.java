package io.sparkscale.claim;

import java.util.Objects;

/**
 * Which bucket, at which endpoint, a manifest's claims live in: `claim --complete` and `--release` need
 * nothing but the manifest.
 *
 * @param endpoint "" for AWS
 * @param region "" for the SDK's region chain
 */
public record StoreAddress(String bucket, String endpoint, String region, boolean forcePathStyle) {

  public StoreAddress {
    Objects.requireNonNull(bucket, "bucket");
    endpoint = Objects.requireNonNullElse(endpoint, "");
    region = Objects.requireNonNullElse(region, "");
  }
}
