package io.sparkscale.claim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkscale.units.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One claimed batch: written by `sparkscale claim` to the shared volume as JSON, read back by
 * `claim --complete` and `--release`. The S3 URIs also go, one a line, to a text file beside it and to
 * {@link #uriList} in S3, where the Spark driver (another pod) reads them with spark.read.text.
 *
 * @param uriList the URI of the batch's URI list in S3; null when the batch is empty
 * @param objects the claimed objects, oldest first
 */
public record Manifest(
    String claimId,
    StoreAddress store,
    String prefix,
    String claimsPrefix,
    Instant claimedAt,
    Instant expiresAt,
    String uriList,
    List<Claimed> objects) {

  static final int VERSION = 1;

  /**
   * @param uri what Spark reads, e.g. s3a://bucket/key
   * @param markerEtag the marker's ETag when claimed, so complete and release can tell their own marker
   */
  public record Claimed(String key, long size, String uri, String markerEtag) {}

  public Manifest {
    Objects.requireNonNull(claimId, "claimId");
    Objects.requireNonNull(store, "store");
    objects = List.copyOf(objects);
  }

  public long bytes() {
    return objects.stream().mapToLong(Claimed::size).sum();
  }

  public boolean isEmpty() {
    return objects.isEmpty();
  }

  public List<String> uris() {
    return objects.stream().map(Claimed::uri).toList();
  }

  /** The URIs one a line, as spark.read.text reads them. */
  public String uriLines() {
    StringBuilder text = new StringBuilder();
    objects.forEach(o -> text.append(o.uri()).append('\n'));
    return text.toString();
  }

  public ClaimLayout layout() {
    return new ClaimLayout(prefix, claimsPrefix);
  }

  public String toJson() {
    ObjectNode node = Json.object();
    node.put("version", VERSION);
    node.put("claimId", claimId);
    ObjectNode s = node.putObject("store");
    s.put("bucket", store.bucket());
    s.put("endpoint", store.endpoint());
    s.put("region", store.region());
    s.put("forcePathStyle", store.forcePathStyle());
    node.put("prefix", prefix);
    node.put("claimsPrefix", claimsPrefix);
    node.put("claimedAt", claimedAt.toString());
    node.put("expiresAt", expiresAt.toString());
    node.put("objectCount", objects.size());
    node.put("bytes", bytes());
    if (uriList != null) {
      node.put("uriList", uriList);
    }
    ArrayNode list = node.putArray("objects");
    for (Claimed o : objects) {
      ObjectNode entry = list.addObject();
      entry.put("key", o.key());
      entry.put("size", o.size());
      entry.put("uri", o.uri());
      entry.put("markerEtag", o.markerEtag());
    }
    return Json.text(node);
  }

  /**
   * @param source the file name, for the error
   * @throws InvalidInputException naming the file and what is wrong with it
   */
  public static Manifest parse(String text, String source) {
    JsonNode node = Json.parse(text.getBytes(StandardCharsets.UTF_8));
    if (node == null) {
      throw new InvalidInputException(source + ": not a claim manifest (not a JSON object); give the file"
          + " `sparkscale claim` wrote");
    }
    try {
      if (Json.number(node, "version") != VERSION) {
        throw new IllegalArgumentException("'version' is " + node.get("version") + ", this sparkscale reads " + VERSION);
      }
      JsonNode s = node.path("store");
      StoreAddress store = new StoreAddress(Json.field(s, "bucket"), Json.field(s, "endpoint"),
          Json.field(s, "region"), s.path("forcePathStyle").asBoolean(false));
      List<Claimed> objects = new ArrayList<>();
      for (JsonNode o : node.path("objects")) {
        objects.add(new Claimed(Json.field(o, "key"), Json.number(o, "size"), Json.field(o, "uri"),
            Json.field(o, "markerEtag")));
      }
      String prefix = Json.field(node, "prefix");
      return new Manifest(Json.field(node, "claimId"), store, prefix,
          ClaimLayout.check("claimsPrefix", prefix, Json.field(node, "claimsPrefix")),
          Json.instant(node, "claimedAt"), Json.instant(node, "expiresAt"),
          node.hasNonNull("uriList") ? Json.field(node, "uriList") : null, objects);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(source + ": not a valid claim manifest: " + e.getMessage());
    }
  }
}
