package io.sparkscale.s3;

/**
 * A listing returned a key that does not start with the prefix it asked for: a store that resolves paths
 * (or is broken). The count is refused rather than given partly, and the key is not quoted, since it may
 * belong to someone the caller must not learn about.
 */
final class KeyOutsidePrefixException extends RuntimeException {

  KeyOutsidePrefixException() {
    super("the store listed a key outside the requested prefix (a store that resolves paths?); not counting");
  }

  /** Throws unless every listed name lies under the prefix (the requested one, never a transformed one). */
  static void check(String prefix, String listed) {
    if (!listed.startsWith(prefix)) {
      throw new KeyOutsidePrefixException();
    }
  }
}
