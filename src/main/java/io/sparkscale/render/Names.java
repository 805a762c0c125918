package io.sparkscale.render;

import io.sparkscale.units.InvalidInputException;
import java.util.regex.Pattern;

/** Checks on the names and addresses users type, so a bad one fails here and not at kubectl apply. */
public final class Names {

  static final String DNS_NAME_HELP =
      "use a Kubernetes name: at most 63 lowercase letters, digits and '-', starting and ending with a"
          + " letter or digit";
  static final String ADDRESS_HELP = "use HOST:PORT, e.g. sparkscale.keda.svc:9090";

  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
  private static final Pattern ADDRESS =
      Pattern.compile("([A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?|\\[[0-9A-Fa-f:]+]):(\\d{1,5})");

  private Names() {}

  /** A DNS-1123 label: object names, namespaces, container names. */
  public static String dnsLabel(String option, String value) {
    if (value == null || !DNS_LABEL.matcher(value).matches()) {
      throw InvalidInputException.badValue(option, String.valueOf(value), DNS_NAME_HELP);
    }
    return value;
  }

  /** Like {@link #dnsLabel} but null stays null (an optional name). */
  public static String optionalDnsLabel(String option, String value) {
    return value == null ? null : dnsLabel(option, value);
  }

  /** HOST:PORT as KEDA's scalerAddress wants it; the port must be 1..65535. */
  public static String address(String option, String value) {
    var m = value == null ? null : ADDRESS.matcher(value);
    if (m == null || !m.matches()) {
      throw InvalidInputException.badValue(option, String.valueOf(value), ADDRESS_HELP);
    }
    int port = Integer.parseInt(m.group(3));
    if (port < 1 || port > 65535) {
      throw InvalidInputException.badValue(option, value, ADDRESS_HELP + " (port 1 to 65535)");
    }
    return value;
  }

  /** A non-empty value without whitespace or control characters (images, URIs, class names). */
  public static String token(String option, String value, String accepted) {
    if (value == null || value.isEmpty() || !value.chars().allMatch(c -> c > ' ' && c != 0x7f)) {
      throw InvalidInputException.badValue(option, String.valueOf(value), accepted);
    }
    return value;
  }

  public static long between(String option, long value, long min, long max) {
    if (value < min || value > max) {
      throw InvalidInputException.badValue(
          option, Long.toString(value), "use a whole number from " + min + " to " + max);
    }
    return value;
  }

  public static long atLeast(String option, long value, long min) {
    if (value < min) {
      throw InvalidInputException.badValue(
          option, Long.toString(value), "use a whole number, " + min + " or more");
    }
    return value;
  }
}
