package io.sparkscale.backlog;

/**
 * A source cannot count a key right now (a notification queue over the limit, failing or untrusted) and
 * leaves it to the fallback the {@link SourceRouter} names for its mode. It is a
 * {@link BacklogUnavailableException}, so without a router, or without a fallback, it reaches the caller as
 * "no count", never as a made-up 0.
 */
public class SourceDeclinedException extends BacklogUnavailableException {

  public SourceDeclinedException(String reason) {
    super(reason);
  }

  /** A routine answer on the counting path, not a fault: no stack trace to fill. */
  @Override
  public synchronized Throwable fillInStackTrace() {
    return this;
  }
}
