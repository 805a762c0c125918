package io.sparkscale.tenancy;

import io.sparkscale.backlog.CountKey;
import io.sparkscale.trigger.TriggerAdmission;
import java.time.Instant;
import java.util.Objects;

/**
 * The policy in force, swapped whole when its file changes; a refused reload keeps the last good policy
 * and is remembered for the readiness report.
 */
public final class TenantGate implements TriggerAdmission {

  private record State(TenantPolicy policy, Instant loadedAt, String lastRefusal) {}

  private volatile State state;

  public TenantGate(TenantPolicy initial, Instant loadedAt) {
    state = new State(Objects.requireNonNull(initial, "initial"), loadedAt, null);
  }

  @Override
  public void admit(String namespace, CountKey key) {
    state.policy().admit(namespace, key);
  }

  public TenantPolicy policy() {
    return state.policy();
  }

  public void replace(TenantPolicy policy, Instant loadedAt) {
    state = new State(Objects.requireNonNull(policy, "policy"), loadedAt, null);
  }

  /** A reload was refused; the policy stays as it was. */
  public void refused(String why) {
    State current = state;
    state = new State(current.policy(), current.loadedAt(), why);
  }

  /** Whether the policy in force names this queue for some namespace (a queue its tenants own). */
  public boolean grantsQueue(String queueUrl) {
    return state.policy().grantsQueue(queueUrl);
  }

  /**
   * One line for /readyz: which policy is in force and, if the last reload was refused, where in the file
   * and why. /readyz is read by whoever reaches the HTTP port, so values quoted from the file (buckets,
   * prefixes, queue URLs) are left out; the log has the whole message.
   */
  public String describe() {
    State current = state;
    return "tenant policy: " + current.policy().namespaces().size() + " namespace(s), loaded "
        + current.loadedAt()
        + (current.lastRefusal() == null ? ""
            : "; last reload refused, kept the loaded one: " + withoutQuotedValues(current.lastRefusal()));
  }

  /** Error messages quote values between single quotes (InvalidInputException.badValue). */
  static String withoutQuotedValues(String message) {
    return message.replaceAll("'[^']*'", "'...'");
  }
}
