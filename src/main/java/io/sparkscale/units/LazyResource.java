package io.sparkscale.units;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A resource built at its first use and closed only if it was built: for the HTTP clients of `serve`, which
 * load TLS and read the trust store when built, cost an idle sidecar memory and start-up time, and are only
 * needed when the first trigger asks for a count.
 */
public final class LazyResource<T extends AutoCloseable> implements AutoCloseable {

  private final Supplier<T> factory;
  private T resource; // guarded by this
  private boolean closed; // guarded by this

  public LazyResource(Supplier<T> factory) {
    this.factory = Objects.requireNonNull(factory, "factory");
  }

  /** The resource, built now if this is the first use. */
  public synchronized T get() {
    if (closed) {
      throw new IllegalStateException("closed");
    }
    if (resource == null) {
      resource = Objects.requireNonNull(factory.get(), "factory returned null");
    }
    return resource;
  }

  /** Whether {@link #get()} has built it. */
  public synchronized boolean built() {
    return resource != null;
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (resource != null) {
      try {
        resource.close();
      } catch (Exception e) {
        throw new IllegalStateException("closing " + resource + " failed: " + e.getMessage(), e);
      }
    }
  }
}
