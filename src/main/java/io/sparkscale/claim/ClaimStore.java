package io.sparkscale.claim;

import java.util.Optional;
import java.util.function.Predicate;

/**
 * The few object-store operations the claim protocol needs, in one bucket. The two conditional writes are
 * what make a claim exclusive; an adapter whose store cannot do them answers with
 * {@link ConditionalWritesUnsupportedException}, never with a write that silently overwrote.
 *
 * <p>Failures of the store itself (network, permissions) are {@link ClaimStoreException}.
 */
public interface ClaimStore {

  /** The objects under the prefix in key order, until {@code each} answers false. */
  void list(String prefix, Predicate<StoredObject> each);

  /** Size, time and ETag of one object; empty when there is none. */
  Optional<StoredObject> head(String key);

  /** The object's body and ETag; empty when there is none. */
  Optional<Versioned> get(String key);

  /**
   * Creates the object only if the key holds none (S3: {@code If-None-Match: *}).
   *
   * @return the new object's ETag; empty when the key already held an object, or a concurrent conditional
   *     write of the same key won (S3: 412 PreconditionFailed, 409 ConditionalRequestConflict)
   */
  Optional<String> putIfAbsent(String key, byte[] body);

  /**
   * Replaces the object only if its ETag is still {@code etag} (S3: {@code If-Match}).
   *
   * @return the new ETag; empty when the object has changed or is gone (412, 409, 404)
   */
  Optional<String> putIfMatch(String key, String etag, byte[] body);

  /** An unconditional write, for objects no one competes for (the batch's URI list). */
  void put(String key, byte[] body, String contentType);

  /** Deletes the object; deleting a missing key is not an error. */
  void delete(String key);

  /** "s3://bucket at endpoint", for messages. */
  String describe();

  /** A body with the ETag it was read at. */
  record Versioned(byte[] body, String etag) {}
}
