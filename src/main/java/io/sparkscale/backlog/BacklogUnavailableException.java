package io.sparkscale.backlog;

/** No trustworthy count can be given: the store failed, or a first count is still in progress. */
public class BacklogUnavailableException extends Exception {
  public BacklogUnavailableException(String message) {
    super(message);
  }

  public BacklogUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
