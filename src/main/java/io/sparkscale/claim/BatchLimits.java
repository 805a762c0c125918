package io.sparkscale.claim;

import io.sparkscale.units.InvalidInputException;

/**
 * How much one batch takes: at most {@code maxObjects} objects and/or at most {@code maxBytes} bytes, oldest
 * first, and always at least one object (an object larger than maxBytes is a batch of its own, or it would
 * never be processed). Selection stops at the first object that does not fit rather than skipping ahead to
 * smaller ones, so the oldest data goes first.
 *
 * @param maxObjects null for no object limit
 * @param maxBytes null for no byte limit
 */
public record BatchLimits(Long maxObjects, Long maxBytes) {

  public BatchLimits {
    if (maxObjects == null && maxBytes == null) {
      throw new InvalidInputException("--batch-objects/--batch-bytes: give at least one, e.g. --batch-objects 20");
    }
    if (maxObjects != null && maxObjects < 1) {
      throw InvalidInputException.badValue("--batch-objects", maxObjects.toString(), "use a whole number of 1 or more");
    }
    if (maxBytes != null && maxBytes < 1) {
      throw InvalidInputException.badValue("--batch-bytes", maxBytes.toString(), "use a size above 0, e.g. 50GB");
    }
  }

  /** Whether a batch of {@code objects} objects and {@code bytes} bytes may take one more of {@code size}. */
  public boolean admits(long objects, long bytes, long size) {
    if (objects == 0) {
      return true;
    }
    return (maxObjects == null || objects < maxObjects) && (maxBytes == null || bytes + size <= maxBytes);
  }

  /** "20 objects", "50 GB", "20 objects or 50 GB" for messages. */
  public String describe() {
    String objects = maxObjects == null ? null : maxObjects + " objects";
    String bytes = maxBytes == null ? null : io.sparkscale.units.Sizes.humanBytes(maxBytes);
    return objects == null ? bytes : bytes == null ? objects : objects + " or " + bytes;
  }
}
