package io.sparkscale.claim;

import java.util.Optional;
import java.util.function.Predicate;

/** A store that passes everything to another; tests override one operation to inject a race or a fault. */
class ForwardingStore implements ClaimStore {

  private final ClaimStore inner;

  ForwardingStore(ClaimStore inner) {
    this.inner = inner;
  }

  @Override
  public void list(String prefix, Predicate<StoredObject> each) {
    inner.list(prefix, each);
  }

  @Override
  public Optional<StoredObject> head(String key) {
    return inner.head(key);
  }

  @Override
  public Optional<Versioned> get(String key) {
    return inner.get(key);
  }

  @Override
  public Optional<String> putIfAbsent(String key, byte[] body) {
    return inner.putIfAbsent(key, body);
  }

  @Override
  public Optional<String> putIfMatch(String key, String etag, byte[] body) {
    return inner.putIfMatch(key, etag, body);
  }

  @Override
  public void put(String key, byte[] body, String contentType) {
    inner.put(key, body, contentType);
  }

  @Override
  public void delete(String key) {
    inner.delete(key);
  }

  @Override
  public String describe() {
    return inner.describe();
  }
}
