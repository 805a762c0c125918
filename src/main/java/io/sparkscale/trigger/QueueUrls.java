package io.sparkscale.trigger;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The one spelling of an SQS queue URL, so that a trigger's {@code notificationQueueURL} and a tenant
 * policy's queue entry are compared as exact strings: scheme and host in lowercase, the scheme's default
 * port dropped, the path {@code /ACCOUNT-ID/QUEUE-NAME} kept as written (queue names are case-sensitive).
 * Anything a server might read differently from its text is refused rather than normalised: user info,
 * query, fragment, percent-escapes, dot or empty path segments, a trailing dot on the host.
 */
public final class QueueUrls {

  /** /ACCOUNT-ID/QUEUE-NAME: a 12-digit account, a name of up to 80 letters, digits, - and _. */
  private static final Pattern QUEUE_PATH = Pattern.compile("/\\d{12}/[A-Za-z0-9_-]{1,80}(?:\\.fifo)?");

  private QueueUrls() {}

  /** The normalised URL, or null when the text is not a plain http(s) queue URL. */
  public static String normalize(String text) {
    URI uri;
    try {
      uri = new URI(text.strip());
    } catch (URISyntaxException e) {
      return null;
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
    boolean plain = (scheme.equals("http") || scheme.equals("https"))
        && !host.isEmpty()
        && !host.endsWith(".")
        && uri.getRawUserInfo() == null
        && uri.getRawQuery() == null
        && uri.getRawFragment() == null
        && uri.getRawPath() != null
        && QUEUE_PATH.matcher(uri.getRawPath()).matches();
    return plain ? origin(scheme, host, uri.getPort()) + uri.getRawPath() : null;
  }

  /** "scheme://host[:port]" without the scheme's default port: http://h:80 and http://h are one origin. */
  static String origin(String scheme, String host, int port) {
    boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
    return scheme + "://" + host + (defaultPort ? "" : ":" + port);
  }

  /** The origin part of a normalised queue URL. */
  public static String originOf(String normalized) {
    int path = normalized.indexOf('/', normalized.indexOf("://") + 3);
    return normalized.substring(0, path);
  }
}
