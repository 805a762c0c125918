package io.sparkscale.bench;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.sparkscale.grpc.externalscaler.ExternalScalerGrpc;
import io.sparkscale.grpc.externalscaler.GetMetricSpecResponse;
import io.sparkscale.grpc.externalscaler.GetMetricsResponse;
import io.sparkscale.grpc.externalscaler.IsActiveResponse;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * A KEDA-like gRPC client that sends calls at their due times whatever the answers (open loop): one thread
 * waits for each due time and starts an asynchronous call with its own deadline; answers are recorded on
 * the channel's network thread (direct executor), so no thread per call and no waiting for an answer
 * before the next call. Latency counts from the due time, not from the send: a client that fell behind
 * (or a server that kept it from sending) shows up in the latency instead of being hidden (coordinated
 * omission).
 */
final class OpenLoopClient {

  private static final Status.Code[] CODES = Status.Code.values();
  /** Not a gRPC code: the call never ended (cannot happen with a deadline, but then it shows). */
  private static final byte NO_ANSWER = -1;

  private final ExternalScalerGrpc.ExternalScalerStub stub;
  private final Fleet fleet;
  private final Fleet.Answers answers;
  private final Duration deadline;

  OpenLoopClient(ManagedChannel channel, Fleet fleet, Fleet.Answers answers, Duration deadline) {
    this.stub = ExternalScalerGrpc.newStub(channel);
    this.fleet = fleet;
    this.answers = answers;
    this.deadline = deadline;
  }

  /** What one run measured. Latencies in milliseconds from each call's due time. */
  record Outcome(int scheduled, double scheduledPerSecond, double sentPerSecond, double sendLagP99Ms,
      double sendLagMaxMs, double p50Ms, double p99Ms, double p999Ms, double maxMs, int ok, int wrong,
      Map<Status.Code, Integer> failures, int unanswered) {

    int failed() {
      return failures.values().stream().mapToInt(Integer::intValue).sum() + unanswered;
    }

    /** "DEADLINE_EXCEEDED=12 UNAVAILABLE=3", or "none". */
    String failureSummary() {
      StringBuilder out = new StringBuilder();
      failures.forEach((code, n) -> out.append(out.length() == 0 ? "" : " ").append(code).append('=').append(n));
      if (unanswered > 0) {
        out.append(out.length() == 0 ? "" : " ").append("NO_ANSWER=").append(unanswered);
      }
      return out.length() == 0 ? "none" : out.toString();
    }
  }

  Outcome run(Schedule schedule) throws InterruptedException {
    int n = schedule.size();
    long[] lag = new long[n];
    long[] ended = new long[n];
    byte[] code = new byte[n];
    boolean[] right = new boolean[n];
    java.util.Arrays.fill(code, NO_ANSWER);
    CountDownLatch done = new CountDownLatch(n);
    long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
    long firstSent = 0;
    long lastSent = 0;
    for (int i = 0; i < n; i++) {
      long due = start + schedule.due[i];
      for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
        LockSupport.parkNanos(wait);
      }
      long sent = System.nanoTime();
      firstSent = i == 0 ? sent : firstSent;
      lastSent = sent;
      lag[i] = sent - due;
      send(schedule.rpc(i), schedule.trigger[i], new Recorder<>(i, ended, code, right, done));
    }
    // Every call ends by its deadline at the latest; the margin is for a client starved of CPU.
    if (!done.await(deadline.toMillis() + 30_000, TimeUnit.MILLISECONDS)) {
      System.err.println("open loop: " + done.getCount() + " calls without an answer");
    }
    long gaveUp = System.nanoTime();
    double[] latency = new double[n];
    double[] lagMs = new double[n];
    int ok = 0;
    int wrong = 0;
    int unanswered = 0;
    Map<Status.Code, Integer> failures = new EnumMap<>(Status.Code.class);
    for (int i = 0; i < n; i++) {
      lagMs[i] = Stats.millis(lag[i]);
      if (code[i] == NO_ANSWER) {
        unanswered++;
        latency[i] = Stats.millis(gaveUp - (start + schedule.due[i])); // at least this long
        continue;
      }
      latency[i] = Stats.millis(ended[i] - (start + schedule.due[i]));
      if (code[i] == Status.Code.OK.ordinal()) {
        ok++;
        wrong += right[i] ? 0 : 1;
      } else {
        failures.merge(CODES[code[i]], 1, Integer::sum);
      }
    }
    double sendSeconds = n < 2 ? Double.NaN : (lastSent - firstSent) / 1e9;
    double scheduledSeconds = n < 2 ? Double.NaN : (schedule.due[n - 1] - schedule.due[0]) / 1e9;
    return new Outcome(n, schedule.callsPerSecond(), schedule.callsPerSecond() * scheduledSeconds / sendSeconds,
        Stats.percentile(lagMs, 99), Stats.percentile(lagMs, 100), Stats.percentile(latency, 50),
        Stats.percentile(latency, 99), Stats.percentile(latency, 99.9), Stats.percentile(latency, 100), ok, wrong,
        failures, unanswered);
  }

  private void send(Schedule.Rpc rpc, int t, Recorder<?> recorder) {
    ExternalScalerGrpc.ExternalScalerStub call = stub.withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS);
    switch (rpc) {
      case GET_METRIC_SPEC -> call.getMetricSpec(fleet.ref(t), recorder.checking((GetMetricSpecResponse r) ->
          r.getMetricSpecsCount() == 1 && r.getMetricSpecs(0).getTargetSize() == answers.target()));
      case GET_METRICS -> call.getMetrics(fleet.metrics(t), recorder.checking((GetMetricsResponse r) ->
          r.getMetricValuesCount() == 1 && r.getMetricValues(0).getMetricValue() == fleet.objects(t)));
      case IS_ACTIVE -> call.isActive(fleet.ref(t), recorder.checking((IsActiveResponse r) ->
          r.getResult() == fleet.active(t, answers)));
    }
  }

  /**
   * Asks GetMetrics of every trigger until each has answered with a count (a new key's first listing runs
   * in the background; KEDA asks again at its next poll), at most {@code inFlight} calls at once, a failed
   * trigger asked again after 0.5 s. This is the warm-up, not measured. Returns how many got a count.
   */
  int prime(int inFlight, Duration timeout) throws InterruptedException {
    ConcurrentLinkedQueue<Integer> todo = new ConcurrentLinkedQueue<>();
    for (int t = 0; t < fleet.size(); t++) {
      todo.add(t);
    }
    AtomicInteger counted = new AtomicInteger();
    Semaphore slots = new Semaphore(inFlight);
    ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "prime-retry");
      thread.setDaemon(true);
      return thread;
    });
    long end = System.nanoTime() + timeout.toNanos();
    try {
      while (counted.get() < fleet.size() && System.nanoTime() < end) {
        Integer t = todo.poll();
        if (t == null) {
          Thread.sleep(20);
          continue;
        }
        slots.acquire();
        stub.withDeadlineAfter(5, TimeUnit.SECONDS).getMetrics(fleet.metrics(t), new StreamObserver<>() {
          @Override
          public void onNext(GetMetricsResponse value) {
            counted.incrementAndGet();
          }

          @Override
          public void onError(Throwable e) {
            slots.release();
            retries.schedule(() -> todo.add(t), 500, TimeUnit.MILLISECONDS);
          }

          @Override
          public void onCompleted() {
            slots.release();
          }
        });
      }
      slots.acquire(inFlight); // the last calls' answers
      return counted.get();
    } finally {
      retries.shutdownNow();
    }
  }

  /** Notes when and how one call ended, and whether its answer was right. */
  private static final class Recorder<T> implements StreamObserver<T> {
    private final int call;
    private final long[] ended;
    private final byte[] code;
    private final boolean[] right;
    private final CountDownLatch done;
    private Predicate<T> check;

    Recorder(int call, long[] ended, byte[] code, boolean[] right, CountDownLatch done) {
      this.call = call;
      this.ended = ended;
      this.code = code;
      this.right = right;
      this.done = done;
    }

    @SuppressWarnings("unchecked")
    <R> Recorder<R> checking(Predicate<R> rightAnswer) {
      Recorder<R> self = (Recorder<R>) this;
      self.check = rightAnswer;
      return self;
    }

    @Override
    public void onNext(T value) {
      right[call] = check.test(value);
    }

    @Override
    public void onError(Throwable t) {
      finish(Status.fromThrowable(t).getCode());
    }

    @Override
    public void onCompleted() {
      finish(Status.Code.OK);
    }

    private void finish(Status.Code status) {
      ended[call] = System.nanoTime();
      code[call] = (byte) status.ordinal();
      done.countDown();
    }
  }
}
