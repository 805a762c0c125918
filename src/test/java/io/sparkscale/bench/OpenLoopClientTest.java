package io.sparkscale.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.sparkscale.bench.Schedule.Rpc;
import io.sparkscale.grpc.externalscaler.ExternalScalerGrpc;
import io.sparkscale.grpc.externalscaler.GetMetricSpecResponse;
import io.sparkscale.grpc.externalscaler.GetMetricsRequest;
import io.sparkscale.grpc.externalscaler.GetMetricsResponse;
import io.sparkscale.grpc.externalscaler.IsActiveResponse;
import io.sparkscale.grpc.externalscaler.MetricSpec;
import io.sparkscale.grpc.externalscaler.MetricValue;
import io.sparkscale.grpc.externalscaler.ScaledObjectRef;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The load client against a scripted gRPC server on a real loopback socket. */
class OpenLoopClientTest {

  private final Fleet fleet = Fleet.of("b", 4, t -> 1 + t);
  private Server server;
  private ManagedChannel channel;

  @AfterEach
  void stop() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  @Test
  void sendsEveryCallWithoutWaitingForAnswers() throws Exception {
    // The server answers nothing until every call has arrived: a client that waited for an answer before
    // sending the next call would end with deadline errors instead.
    int calls = 40;
    List<StreamObserver<GetMetricsResponse>> held = new ArrayList<>();
    OpenLoopClient client = client(Duration.ofSeconds(10), new Scripted() {
      @Override
      public void getMetrics(GetMetricsRequest request, StreamObserver<GetMetricsResponse> response) {
        synchronized (held) {
          held.add(response);
          if (held.size() == calls) {
            held.forEach(r -> answer(r, 1));
          }
        }
      }
    });

    OpenLoopClient.Outcome outcome = client.run(Schedule.getMetricsAt(200, Duration.ofMillis(200), 0));

    assertThat(outcome.scheduled()).isEqualTo(calls);
    assertThat(outcome.ok()).isEqualTo(calls);
    assertThat(outcome.failed()).isZero();
    assertThat(outcome.wrong()).isZero();
    // The first call waited for the last one's arrival, 39 due-time steps of 5 ms later.
    assertThat(outcome.maxMs()).isGreaterThanOrEqualTo(195);
  }

  @Test
  void countsEveryStatusAndEveryWrongAnswer() throws Exception {
    // Trigger 1's count is off by one, trigger 2's IsActive fails, trigger 3's GetMetricSpec never answers.
    OpenLoopClient client = client(Duration.ofSeconds(2), new Scripted() {
      @Override
      public void getMetrics(GetMetricsRequest request, StreamObserver<GetMetricsResponse> response) {
        int t = trigger(request.getScaledObjectRef());
        answer(response, fleet.objects(t) + (t == 1 ? 1 : 0));
      }

      @Override
      public void isActive(ScaledObjectRef request, StreamObserver<IsActiveResponse> response) {
        int t = trigger(request);
        if (t == 2) {
          response.onError(Status.UNAVAILABLE.withDescription("scripted").asRuntimeException());
          return;
        }
        response.onNext(IsActiveResponse.newBuilder().setResult(fleet.active(t, Fleet.SPARKSCALE)).build());
        response.onCompleted();
      }

      @Override
      public void getMetricSpec(ScaledObjectRef request, StreamObserver<GetMetricSpecResponse> response) {
        if (trigger(request) != 3) {
          response.onNext(GetMetricSpecResponse.newBuilder().addMetricSpecs(
              MetricSpec.newBuilder().setMetricName("m").setTargetSize(Fleet.TARGET)).build());
          response.onCompleted();
        }
      }
    });
    Schedule schedule = Schedule.kedaMix(4, Duration.ofMillis(400), Duration.ofMillis(800));

    OpenLoopClient.Outcome outcome = client.run(schedule);

    assertThat(outcome.wrong()).isEqualTo(count(schedule, 1, Rpc.GET_METRICS)).isPositive();
    assertThat(outcome.failures()).containsOnly(
        Map.entry(Status.Code.UNAVAILABLE, count(schedule, 2, Rpc.IS_ACTIVE)),
        Map.entry(Status.Code.DEADLINE_EXCEEDED, count(schedule, 3, Rpc.GET_METRIC_SPEC)));
    assertThat(outcome.unanswered()).isZero();
    assertThat(outcome.ok() + outcome.failed()).isEqualTo(schedule.size());
    assertThat(outcome.maxMs()).as("a deadline's wait counts").isGreaterThanOrEqualTo(2_000);
  }

  @Test
  void judgesEachScalerByItsOwnAnswers() throws Exception {
    // The reference scaler announces target 5 and is active above 0 objects whatever the trigger says.
    Scripted reference = new Scripted() {
      @Override
      public void getMetrics(GetMetricsRequest request, StreamObserver<GetMetricsResponse> response) {
        answer(response, fleet.objects(trigger(request.getScaledObjectRef())));
      }

      @Override
      public void isActive(ScaledObjectRef request, StreamObserver<IsActiveResponse> response) {
        response.onNext(IsActiveResponse.newBuilder().setResult(fleet.objects(trigger(request)) > 0).build());
        response.onCompleted();
      }

      @Override
      public void getMetricSpec(ScaledObjectRef request, StreamObserver<GetMetricSpecResponse> response) {
        response.onNext(GetMetricSpecResponse.newBuilder().addMetricSpecs(
            MetricSpec.newBuilder().setMetricName("m").setTargetSize(5)).build());
        response.onCompleted();
      }
    };
    client(Duration.ofSeconds(2), reference);
    Schedule schedule = Schedule.kedaMix(4, Duration.ofMillis(400), Duration.ofMillis(800));

    OpenLoopClient.Outcome asReference =
        new OpenLoopClient(channel, fleet, ReferenceScaler.ANSWERS, Duration.ofSeconds(2)).run(schedule);
    OpenLoopClient.Outcome asSparkscale =
        new OpenLoopClient(channel, fleet, Fleet.SPARKSCALE, Duration.ofSeconds(2)).run(schedule);

    assertThat(asReference.ok()).isEqualTo(schedule.size());
    assertThat(asReference.wrong()).isZero();
    // Every GetMetricSpec (target 5, not 10) and the IsActive of triggers 0 and 1 (1 and 2 objects: active
    // above 0, not above 2) are wrong by sparkscale's answers.
    int expectedWrong = 0;
    for (int t = 0; t < fleet.size(); t++) {
      expectedWrong += count(schedule, t, Rpc.GET_METRIC_SPEC) + (t <= 1 ? count(schedule, t, Rpc.IS_ACTIVE) : 0);
    }
    assertThat(asSparkscale.wrong()).isEqualTo(expectedWrong).isPositive();
  }

  @Test
  void primingAsksAgainUntilEveryTriggerHasACount() throws Exception {
    Map<Integer, AtomicInteger> asked = new ConcurrentHashMap<>();
    OpenLoopClient client = client(Duration.ofSeconds(1), new Scripted() {
      @Override
      public void getMetrics(GetMetricsRequest request, StreamObserver<GetMetricsResponse> response) {
        int t = trigger(request.getScaledObjectRef());
        if (asked.computeIfAbsent(t, k -> new AtomicInteger()).incrementAndGet() <= 2) {
          response.onError(Status.UNAVAILABLE.withDescription("count in progress").asRuntimeException());
          return;
        }
        answer(response, fleet.objects(t));
      }
    });

    assertThat(client.prime(2, Duration.ofSeconds(30))).isEqualTo(fleet.size());
    assertThat(asked).hasSize(fleet.size()).allSatisfy((t, n) -> assertThat(n.get()).isEqualTo(3));
  }

  private OpenLoopClient client(Duration deadline, Scripted service) throws Exception {
    server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(ExternalScalerGrpc.bindService(service)).build()
        .start();
    channel = LatencyBench.channel(server.getPort());
    return new OpenLoopClient(channel, fleet, Fleet.SPARKSCALE, deadline);
  }

  private static int count(Schedule schedule, int trigger, Rpc rpc) {
    int n = 0;
    for (int i = 0; i < schedule.size(); i++) {
      n += schedule.trigger[i] == trigger && schedule.rpc(i) == rpc ? 1 : 0;
    }
    return n;
  }

  /** A server whose every RPC a test scripts; unscripted ones fail. */
  // AsyncService, not the ImplBase: Quarkus indexes test classes too, and a BindableService anywhere makes
  // it start a gRPC server of its own in every @QuarkusMainTest (see the build notes).
  private abstract static class Scripted implements ExternalScalerGrpc.AsyncService {
    static int trigger(ScaledObjectRef ref) {
      return Integer.parseInt(ref.getName().substring("so-".length()));
    }

    static void answer(StreamObserver<GetMetricsResponse> response, long value) {
      response.onNext(GetMetricsResponse.newBuilder()
          .addMetricValues(MetricValue.newBuilder().setMetricName("m").setMetricValue(value)).build());
      response.onCompleted();
    }
  }
}
