package io.sparkscale.trigger;

import io.sparkscale.backlog.CountKey;
import io.sparkscale.trigger.TriggerSpec.Metric;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The canonical text of what a trigger counts and reports, from which its metric name's hash is taken:
 * one row per {@link CountKey} field that changes the count. CountKeyIdentityTest fails when CountKey has a
 * field that is neither here nor in {@link #NOT_COUNTED}, so a new field cannot silently merge two metric
 * names.
 *
 * <p>The text must never change for an existing trigger (a new name makes KEDA's HPA lose its metric):
 * the "v1" rows keep their order and spelling, and a field added later is an {@link Row#optional} row,
 * written only when set, as claims was.
 */
final class CountKeyIdentity {

  /** CountKey fields that change how a count is kept, not what it is. */
  static final Set<String> NOT_COUNTED = Set.of("notifications");

  /** Nothing here can contain NUL (not valid in S3 keys, URLs or regions), so distinct keys give distinct text. */
  private static final String SEPARATOR = "\u0000";

  /** @param optional written as "name, value" only when the value is not null; else always written */
  record Row(String name, boolean optional, Function<CountKey, String> value) {}

  static final List<Row> ROWS = List.of(
      new Row("endpoint", false, CountKey::endpoint),
      new Row("region", false, CountKey::region),
      new Row("forcePathStyle", false, key -> String.valueOf(key.forcePathStyle())),
      new Row("bucket", false, CountKey::bucket),
      new Row("prefix", false, CountKey::prefix),
      new Row("suffix", false, CountKey::suffix),
      new Row("minObjectAge", false, key -> Long.toString(key.minObjectAge().toMillis())),
      new Row("scanLimit", false, key -> Long.toString(key.scanLimit())),
      new Row("claims", true, key -> key.claims() == null ? null
          : key.claims().prefix() + SEPARATOR + key.claims().lease().toMillis()));

  private CountKeyIdentity() {}

  /** "v1", the always-written rows, the metric, then each optional row that is set. */
  static String of(CountKey key, Metric metric) {
    StringBuilder text = new StringBuilder("v1");
    for (Row row : ROWS) {
      if (!row.optional()) {
        text.append(SEPARATOR).append(row.value().apply(key));
      }
    }
    text.append(SEPARATOR).append(metric.label());
    for (Row row : ROWS) {
      String value = row.optional() ? row.value().apply(key) : null;
      if (value != null) {
        text.append(SEPARATOR).append(row.name()).append(SEPARATOR).append(value);
      }
    }
    return text.toString();
  }

  static List<String> names() {
    return ROWS.stream().map(Row::name).toList();
  }
}
