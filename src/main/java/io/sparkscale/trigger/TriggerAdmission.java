package io.sparkscale.trigger;

import io.sparkscale.backlog.CountKey;

/**
 * Whether a namespace may count what a trigger names; asked after parsing and before anything is counted.
 * The tenant policy (io.sparkscale.tenancy) is one; without it every namespace is admitted.
 */
@FunctionalInterface
public interface TriggerAdmission {

  TriggerAdmission EVERYONE = (namespace, key) -> {};

  /**
   * Returns when {@code namespace} may count {@code key}; throws an unchecked exception naming the
   * namespace and the bucket when it may not. Must not look at the store: a refusal says nothing about
   * whether the bucket exists.
   */
  void admit(String namespace, CountKey key);
}
