package io.sparkscale.claim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;

/**
 * What a claim marker says: which claim holds the data key, and until when. Every marker body names its
 * claim id, so two claims never write the same bytes and every version of a marker has its own ETag.
 */
record Marker(String claimId, String key, long size, Instant claimedAt, Instant expiresAt) {

  Marker {
    Objects.requireNonNull(claimId, "claimId");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(claimedAt, "claimedAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  boolean expiredAt(Instant now) {
    return !now.isBefore(expiresAt);
  }

  byte[] encode() {
    ObjectNode node = Json.object();
    node.put("claim", claimId);
    node.put("key", key);
    node.put("size", size);
    node.put("claimedAt", claimedAt.toString());
    node.put("expiresAt", expiresAt.toString());
    return Json.bytes(node);
  }

  /** The marker in a body, or null when the body is not one (a marker someone else wrote, or damage). */
  static Marker decode(byte[] body) {
    JsonNode node = Json.parse(body);
    if (node == null) {
      return null;
    }
    try {
      return new Marker(Json.field(node, "claim"), Json.field(node, "key"), Json.number(node, "size"),
          Json.instant(node, "claimedAt"), Json.instant(node, "expiresAt"));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
