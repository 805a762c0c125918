package io.sparkscale.grpc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough of a proto3 text parser to read KEDA's externalscaler.proto: package, flat messages with
 * scalar, message, repeated and map fields, and services with unary or server-streaming rpcs.
 */
record ProtoText(String packageName, Map<String, List<Field>> messages, Map<String, List<Rpc>> services) {

  /** label is "" or "repeated"; for a map field type is "map" and keyType/valueType are set. */
  record Field(String name, int number, String label, String type, String keyType, String valueType) {}

  record Rpc(String name, String input, boolean clientStreaming, String output, boolean serverStreaming) {}

  private static final Pattern PACKAGE = Pattern.compile("\\bpackage\\s+([\\w.]+)\\s*;");
  private static final Pattern BLOCK = Pattern.compile("\\b(message|service)\\s+(\\w+)\\s*\\{");
  private static final Pattern FIELD =
      Pattern.compile(
          "(?:(repeated)\\s+)?(?:map\\s*<\\s*(\\w+)\\s*,\\s*(\\w+)\\s*>|([\\w.]+))\\s+(\\w+)\\s*=\\s*(\\d+)\\s*;");
  private static final Pattern RPC =
      Pattern.compile(
          "\\brpc\\s+(\\w+)\\s*\\(\\s*(stream\\s+)?([\\w.]+)\\s*\\)\\s*returns\\s*\\(\\s*(stream\\s+)?([\\w.]+)\\s*\\)");

  static ProtoText parse(String source) {
    String text = source.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\\n]*", "");
    Matcher pkg = PACKAGE.matcher(text);
    String packageName = pkg.find() ? pkg.group(1) : "";
    Map<String, List<Field>> messages = new LinkedHashMap<>();
    Map<String, List<Rpc>> services = new LinkedHashMap<>();
    Matcher block = BLOCK.matcher(text);
    int from = 0;
    while (block.find(from)) {
      int end = closingBrace(text, block.end() - 1);
      String body = text.substring(block.end(), end);
      if (block.group(1).equals("message")) {
        messages.put(block.group(2), fields(body));
      } else {
        services.put(block.group(2), rpcs(body));
      }
      from = end + 1;
    }
    return new ProtoText(packageName, messages, services);
  }

  private static List<Field> fields(String body) {
    if (body.contains("message ") || body.contains("enum ") || body.contains("oneof ")) {
      throw new IllegalArgumentException("nested declarations are not supported: " + body.strip());
    }
    List<Field> fields = new ArrayList<>();
    Matcher field = FIELD.matcher(body);
    while (field.find()) {
      boolean map = field.group(2) != null;
      fields.add(
          new Field(
              field.group(5),
              Integer.parseInt(field.group(6)),
              field.group(1) == null ? "" : field.group(1),
              map ? "map" : field.group(4),
              map ? field.group(2) : null,
              map ? field.group(3) : null));
    }
    return fields;
  }

  private static List<Rpc> rpcs(String body) {
    List<Rpc> rpcs = new ArrayList<>();
    Matcher rpc = RPC.matcher(body);
    while (rpc.find()) {
      rpcs.add(
          new Rpc(rpc.group(1), rpc.group(3), rpc.group(2) != null, rpc.group(5), rpc.group(4) != null));
    }
    return rpcs;
  }

  private static int closingBrace(String text, int open) {
    int depth = 0;
    for (int i = open; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '{') {
        depth++;
      } else if (c == '}' && --depth == 0) {
        return i;
      }
    }
    throw new IllegalArgumentException("unbalanced braces");
  }
}
