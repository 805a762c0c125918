package io.sparkscale.s3;

import io.sparkscale.listing.ShardPlanner;
import java.time.Duration;
import java.util.Objects;

/**
 * How a prefix is listed.
 *
 * @param pageSize keys per ListObjectsV2 page (S3 returns at most 1,000)
 * @param planner when and how a big prefix is split into key ranges listed in parallel
 */
public record ListingSettings(int pageSize, ShardPlanner planner) {

  public ListingSettings {
    if (pageSize < 1 || pageSize > 1000) {
      throw new IllegalArgumentException("pageSize must be 1 to 1000, got " + pageSize);
    }
    Objects.requireNonNull(planner, "planner");
  }

  /** 1,000 keys a page; sharded from 8 pages taking over 10 s one after the other, up to 8 ranges at once. */
  public static ListingSettings defaults() {
    return new ListingSettings(1000, ShardPlanner.defaults());
  }

  /** Never sharded: one request after the other (the benchmarks' baseline). */
  public static ListingSettings sequential() {
    return new ListingSettings(1000, new ShardPlanner(2, 1, 1));
  }

  /** The same, not splitting a prefix whose pages one after the other take at most this (the cache period). */
  public ListingSettings listingWithin(Duration time) {
    return new ListingSettings(pageSize, planner.listingWithin(time));
  }

  public int maxShards() {
    return planner.maxShards();
  }
}
