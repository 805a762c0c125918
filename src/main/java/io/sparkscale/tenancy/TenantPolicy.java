package io.sparkscale.tenancy;

import io.sparkscale.backlog.CountKey;
import io.sparkscale.backlog.NotificationQueue;
import io.sparkscale.trigger.QueueUrls;
import io.sparkscale.trigger.S3Location;
import io.sparkscale.trigger.TriggerAdmission;
import io.sparkscale.units.InvalidInputException;
import io.sparkscale.units.SafeText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Which buckets and prefixes each Kubernetes namespace may count, and which SQS queues its triggers may
 * consume in notification mode:
 *
 * <pre>
 * namespaces:
 *   team-a:
 *     - s3://lake-a/
 *   team-b:
 *     - s3://shared/inbox/team-b/
 *     - https://sqs.eu-west-1.amazonaws.com/123456789012/team-b-uploads
 * </pre>
 *
 * A trigger is admitted when its bucket and prefix lie under one of its namespace's s3:// entries and, if
 * it names a {@code notificationQueueURL}, that queue is one of its namespace's queue entries (compared as
 * whole URLs, both normalised by {@link QueueUrls}); a namespace not listed may count nothing. Files
 * without queue entries keep working: their triggers may count by listing only. The namespace is the one KEDA sends with the ScaledObjectRef, so the policy
 * is only as strong as the guarantee that only KEDA reaches the gRPC port (NetworkPolicy, mTLS).
 */
public record TenantPolicy(Map<String, List<S3Grant>> namespaces, Map<String, Set<String>> queues)
    implements TriggerAdmission {

  static final String HELP = "use a map 'namespaces' from namespace name to a list of s3://bucket/ or"
      + " s3://bucket/prefix/ entries and SQS queue URLs";
  static final String ENTRY_HELP = "give an s3://bucket/ or s3://bucket/prefix/ string, or an SQS queue URL"
      + " https://sqs.REGION.amazonaws.com/ACCOUNT-ID/NAME (or one at serve's --sqs-endpoint) without user"
      + " info, query, '%' escapes or dot segments";
  static final int MAX_NAMESPACE_LENGTH = 63;

  public TenantPolicy {
    Map<String, List<S3Grant>> copy = new LinkedHashMap<>();
    Objects.requireNonNull(namespaces, "namespaces").forEach((name, grants) -> copy.put(name, List.copyOf(grants)));
    namespaces = Map.copyOf(copy);
    Map<String, Set<String>> queueCopy = new LinkedHashMap<>();
    Objects.requireNonNull(queues, "queues").forEach((name, urls) -> queueCopy.put(name, Set.copyOf(urls)));
    queues = Map.copyOf(queueCopy);
  }

  /** A policy of s3:// entries only: its triggers may count by listing, never from a queue. */
  public TenantPolicy(Map<String, List<S3Grant>> namespaces) {
    this(namespaces, Map.of());
  }

  /**
   * Builds the policy from a parsed YAML or JSON document (maps, lists and scalars).
   *
   * @throws InvalidInputException one line naming the place in the document and what it accepts
   */
  public static TenantPolicy fromTree(Object document) {
    if (!(document instanceof Map<?, ?> root) || root.isEmpty()) {
      throw new InvalidInputException("the policy is empty or not a map; " + HELP);
    }
    for (Object key : root.keySet()) {
      if (!"namespaces".equals(key)) {
        throw new InvalidInputException(
            "'" + SafeText.quote(String.valueOf(key)) + "': unknown key; " + HELP);
      }
    }
    if (!(root.get("namespaces") instanceof Map<?, ?> listed) || listed.isEmpty()) {
      throw new InvalidInputException(
          "namespaces: lists no namespace; " + HELP + " (to admit every namespace, run without --tenant-policy)");
    }
    Map<String, List<S3Grant>> namespaces = new LinkedHashMap<>();
    Map<String, Set<String>> queues = new LinkedHashMap<>();
    for (Map.Entry<?, ?> entry : listed.entrySet()) {
      String namespace = namespace(String.valueOf(entry.getKey()));
      String where = "namespaces." + namespace;
      if (!(entry.getValue() instanceof List<?> items) || items.isEmpty()) {
        throw new InvalidInputException(
            where + ": give a list of at least one entry (leave the namespace out to grant it nothing)");
      }
      List<S3Grant> grants = new ArrayList<>();
      Set<String> urls = new LinkedHashSet<>();
      for (int i = 0; i < items.size(); i++) {
        String at = where + "[" + i + "]";
        if (!(items.get(i) instanceof String text)) {
          throw new InvalidInputException(at + ": " + ENTRY_HELP);
        }
        if (S3Location.looksLike(text)) {
          grants.add(S3Grant.parse(at, text));
        } else {
          String url = QueueUrls.normalize(text);
          if (url == null) {
            throw InvalidInputException.badValue(at, text, ENTRY_HELP);
          }
          urls.add(url);
        }
      }
      namespaces.put(namespace, grants);
      queues.put(namespace, urls);
    }
    return new TenantPolicy(namespaces, queues);
  }

  /** Throws {@link AccessDeniedException} unless one of the namespace's entries covers the key. */
  @Override
  public void admit(String namespace, CountKey key) {
    List<S3Grant> grants = namespaces.get(namespace);
    if (grants != null) {
      for (S3Grant grant : grants) {
        if (grant.covers(key.bucket(), key.prefix())) {
          admitQueue(namespace, key.notifications());
          return;
        }
      }
    }
    String asked = "bucket '" + key.bucket() + "'" + (key.prefix().isEmpty() ? "" : " prefix '" + SafeText.quote(key.prefix()) + "'");
    throw new AccessDeniedException(
        "namespace '" + SafeText.quote(namespace) + "' may not count " + asked + ": "
            + (grants == null ? "the tenant policy does not list this namespace" : "no entry of its tenant policy covers it")
            + " (entries match whole path segments: s3://bucket/dir/ covers prefixes starting with dir/)");
  }

  /** Throws unless the trigger names no queue, or one of its namespace's queue entries. */
  private void admitQueue(String namespace, NotificationQueue queue) {
    if (queue == null || queues.getOrDefault(namespace, Set.of()).contains(queue.queueUrl())) {
      return;
    }
    throw new AccessDeniedException(
        "namespace '" + SafeText.quote(namespace) + "' may not use notificationQueueURL '"
            + SafeText.quote(queue.queueUrl()) + "': no entry of its tenant policy names this queue (queue"
            + " entries match the whole URL; without one, leave notificationQueueURL out to count by listing)");
  }

  /** Whether some namespace's entries name this (normalised) queue URL. */
  public boolean grantsQueue(String queueUrl) {
    return queues.values().stream().anyMatch(urls -> urls.contains(queueUrl));
  }

  /** Kubernetes namespace names are DNS-1123 labels; checked by hand, they come from a file. */
  private static String namespace(String name) {
    boolean valid = !name.isEmpty() && name.length() <= MAX_NAMESPACE_LENGTH
        && name.charAt(0) != '-' && name.charAt(name.length() - 1) != '-';
    for (int i = 0; valid && i < name.length(); i++) {
      char c = name.charAt(i);
      valid = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    }
    if (!valid) {
      throw InvalidInputException.badValue("namespaces", name,
          "a namespace name is 1 to 63 lowercase letters, digits and inner hyphens");
    }
    return name;
  }
}
