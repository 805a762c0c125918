package io.sparkscale.claim;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * An in-memory bucket with S3's conditional-write semantics (atomic: one lock), for the protocol's unit
 * tests; the same tests' S3 half runs against s3proxy. ETags are the quoted MD5 of the body, as S3's for a
 * single-part upload. {@link #ignoreConditions} makes it a store that silently overwrites.
 */
final class MemoryClaimStore implements ClaimStore {

  record Entry(byte[] body, String etag, Instant lastModified) {}

  private final TreeMap<String, Entry> objects = new TreeMap<>(io.sparkscale.listing.KeyOrder.UTF8);
  private final Clock clock;
  volatile boolean ignoreIfNoneMatch;
  volatile boolean ignoreIfMatch;

  MemoryClaimStore(Clock clock) {
    this.clock = clock;
  }

  void ignoreConditions() {
    ignoreIfNoneMatch = true;
    ignoreIfMatch = true;
  }

  synchronized void putData(String key, int size, Instant lastModified) {
    byte[] body = new byte[size];
    objects.put(key, new Entry(body, etag(body), lastModified));
  }

  synchronized Map<String, Entry> snapshot() {
    return new TreeMap<>(objects);
  }

  synchronized boolean exists(String key) {
    return objects.containsKey(key);
  }

  @Override
  public void list(String prefix, Predicate<StoredObject> each) {
    Map<String, Entry> copy;
    synchronized (this) {
      copy = new TreeMap<>(objects.tailMap(prefix, true));
    }
    for (var e : copy.entrySet()) {
      if (!e.getKey().startsWith(prefix)) {
        return;
      }
      Entry v = e.getValue();
      if (!each.test(new StoredObject(e.getKey(), v.body().length, v.lastModified(), v.etag()))) {
        return;
      }
    }
  }

  @Override
  public synchronized Optional<StoredObject> head(String key) {
    Entry v = objects.get(key);
    return v == null ? Optional.empty()
        : Optional.of(new StoredObject(key, v.body().length, v.lastModified(), v.etag()));
  }

  @Override
  public synchronized Optional<Versioned> get(String key) {
    Entry v = objects.get(key);
    return v == null ? Optional.empty() : Optional.of(new Versioned(v.body().clone(), v.etag()));
  }

  @Override
  public synchronized Optional<String> putIfAbsent(String key, byte[] body) {
    if (objects.containsKey(key) && !ignoreIfNoneMatch) {
      return Optional.empty();
    }
    return Optional.of(write(key, body));
  }

  @Override
  public synchronized Optional<String> putIfMatch(String key, String etag, byte[] body) {
    Entry v = objects.get(key);
    if (!ignoreIfMatch && (v == null || !v.etag().equals(etag))) {
      return Optional.empty();
    }
    return Optional.of(write(key, body));
  }

  @Override
  public synchronized void put(String key, byte[] body, String contentType) {
    write(key, body);
  }

  @Override
  public synchronized void delete(String key) {
    objects.remove(key);
  }

  @Override
  public String describe() {
    return "memory bucket";
  }

  private String write(String key, byte[] body) {
    String etag = etag(body);
    objects.put(key, new Entry(body.clone(), etag, clock.instant()));
    return etag;
  }

  static String etag(byte[] body) {
    try {
      return "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body)) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String text(byte[] body) {
    return new String(body, StandardCharsets.UTF_8);
  }
}
