package io.sparkscale.backlog;

import java.util.Objects;
import java.util.function.Predicate;

/**
 * How a key asks to be counted, read from the key itself: {@link #NOTIFICATIONS} when its trigger names a
 * notification queue, {@link #LISTING} for every key. A {@link SourceRouter} maps each mode to the source
 * that counts it; a new way to count is a new mode (the trigger key that selects it lands in
 * {@link CountKey}) and one route.
 */
public final class CountMode {

  /** Keys whose trigger names an SQS queue of S3 event notifications (notificationQueueURL). */
  public static final CountMode NOTIFICATIONS = new CountMode("notifications", key -> key.notifications() != null);
  /** Every key: ListObjectsV2 under the prefix. Routed last, it takes what no other mode selects. */
  public static final CountMode LISTING = new CountMode("listing", key -> true);

  private final String name;
  private final Predicate<CountKey> selects;

  /**
   * @param name for logs and errors
   * @param selects whether a key asks for this mode
   */
  public CountMode(String name, Predicate<CountKey> selects) {
    this.name = Objects.requireNonNull(name, "name");
    this.selects = Objects.requireNonNull(selects, "selects");
  }

  public String name() {
    return name;
  }

  public boolean selects(CountKey key) {
    return selects.test(key);
  }

  @Override
  public String toString() {
    return name;
  }
}
