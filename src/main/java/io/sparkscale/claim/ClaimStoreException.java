package io.sparkscale.claim;

/** The store failed (unreachable, access denied, ...): the message is one line saying what and where. */
public class ClaimStoreException extends RuntimeException {

  public ClaimStoreException(String message, Throwable cause) {
    super(message, cause);
  }

  public ClaimStoreException(String message) {
    super(message);
  }
}
