package io.sparkscale.bench;

import java.time.Duration;
import java.util.Arrays;

/**
 * When each call of an open-loop run is due, which RPC it is and for which trigger, sorted by due time.
 * Built before the run, so the sender does nothing but wait for the next due time and send.
 */
final class Schedule {

  enum Rpc { GET_METRIC_SPEC, GET_METRICS, IS_ACTIVE }

  private static final Rpc[] RPCS = Rpc.values();

  /** Nanoseconds after the run's start. */
  final long[] due;
  final byte[] rpc;
  final int[] trigger;
  final Duration length;

  private Schedule(long[] due, byte[] rpc, int[] trigger, Duration length) {
    this.due = due;
    this.rpc = rpc;
    this.trigger = trigger;
    this.length = length;
  }

  int size() {
    return due.length;
  }

  Rpc rpc(int call) {
    return RPCS[rpc[call]];
  }

  double callsPerSecond() {
    return size() / (length.toNanos() / 1e9);
  }

  /** GetMetrics for one trigger, evenly spaced at {@code rate} calls per second. */
  static Schedule getMetricsAt(double rate, Duration length, int trigger) {
    int calls = (int) Math.round(rate * length.toNanos() / 1e9);
    long[] due = new long[calls];
    for (int i = 0; i < calls; i++) {
      due[i] = Math.round(i * 1e9 / rate);
    }
    byte[] rpc = new byte[calls];
    Arrays.fill(rpc, (byte) Rpc.GET_METRICS.ordinal());
    return new Schedule(due, rpc, new int[calls], length);
  }

  /**
   * What a KEDA operator sends for {@code triggers} ScaledObjects polled every {@code period} (30 s by
   * default): per trigger and period GetMetricSpec, GetMetrics and IsActive at the poll, plus the HPA's
   * GetMetrics every half period (15 s), so 5 calls per trigger per period. KEDA sends the poll's three one
   * after another; here they are due at the same instant, so the client never waits for an answer. Triggers'
   * polls are spread evenly over the period, as ScaledObjects created at different times are.
   */
  static Schedule kedaMix(int triggers, Duration period, Duration length) {
    long periodNanos = period.toNanos();
    long lengthNanos = length.toNanos();
    int maxCalls = (int) (5L * triggers * (lengthNanos / periodNanos + 2));
    long[] due = new long[maxCalls];
    byte[] rpc = new byte[maxCalls];
    int[] trigger = new int[maxCalls];
    int n = 0;
    for (int t = 0; t < triggers; t++) {
      long phase = periodNanos * t / triggers;
      // From the poll before the run: its HPA calls may fall inside, as for a ScaledObject polled all along.
      for (long poll = phase - periodNanos; poll < lengthNanos; poll += periodNanos) {
        for (Rpc call : new Rpc[] {Rpc.GET_METRIC_SPEC, Rpc.GET_METRICS, Rpc.IS_ACTIVE}) {
          if (poll >= 0) {
            due[n] = poll;
            rpc[n] = (byte) call.ordinal();
            trigger[n++] = t;
          }
        }
        for (long hpa = poll + periodNanos / 4; hpa < poll + periodNanos; hpa += periodNanos / 2) {
          if (hpa < 0 || hpa >= lengthNanos) {
            continue;
          }
          due[n] = hpa;
          rpc[n] = (byte) Rpc.GET_METRICS.ordinal();
          trigger[n++] = t;
        }
      }
    }
    return sorted(due, rpc, trigger, n, length);
  }

  private static Schedule sorted(long[] due, byte[] rpc, int[] trigger, int n, Duration length) {
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Long.compare(due[a], due[b]));
    long[] d = new long[n];
    byte[] r = new byte[n];
    int[] t = new int[n];
    for (int i = 0; i < n; i++) {
      d[i] = due[order[i]];
      r[i] = rpc[order[i]];
      t[i] = trigger[order[i]];
    }
    return new Schedule(d, r, t, length);
  }
}
