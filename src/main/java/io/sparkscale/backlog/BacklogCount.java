package io.sparkscale.backlog;

import java.time.Duration;
import java.time.Instant;

/**
 * The result of one listing: matching objects and their total size.
 *
 * @param limitReached the scan limit stopped the listing, so objects equals the limit
 * @param listRequests ListObjectsV2 requests the listing made
 */
public record BacklogCount(
    long objects, long bytes, boolean limitReached, long listRequests, Instant countedAt, Duration took) {}
