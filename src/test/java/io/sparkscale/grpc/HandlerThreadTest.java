package io.sparkscale.grpc;

import static io.sparkscale.grpc.ScalerHarness.ref;
import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.netty.NettyChannelBuilder;
import io.sparkscale.backlog.BacklogCache;
import io.sparkscale.backlog.CacheSettings;
import io.sparkscale.grpc.externalscaler.ExternalScalerGrpc;
import io.sparkscale.trigger.ServerDefaults;
import io.sparkscale.trigger.TriggerParser;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Handlers never block, so they run on the network thread that read the call: no hand-off to a call pool,
 * whose two thread wake-ups per call showed in the p99 on busy cores (docs/performance.md, cases 7 to 9).
 */
class HandlerThreadTest {

  @Test
  void callsAreHandledOnTheNetworkThreadsWithoutACallPool() throws Exception {
    List<String> handlerThreads = new CopyOnWriteArrayList<>();
    ServerInterceptor recordThread = new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
          ServerCallHandler<Q, R> next) {
        handlerThreads.add(Thread.currentThread().getName()); // runs where the handler runs
        return next.startCall(call, headers);
      }
    };
    CacheSettings settings = CacheSettings.defaults();
    try (BacklogCache cache = new BacklogCache(new FakeBacklog().set("incoming", 3), settings, Clock.systemUTC(), null);
        ExternalScalerService service = new ExternalScalerService(new TriggerParser(ServerDefaults.aws()), cache,
            Duration.ofSeconds(1), settings.maxStaleness());
        ScalerServer server = ScalerServer.start(new InetSocketAddress("127.0.0.1", 0), service, null, recordThread)) {
      ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
      try {
        for (int i = 0; i < 20; i++) {
          assertThat(ExternalScalerGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
              .getMetricSpec(ref(Map.of("bucket", "incoming"))).getMetricSpecsCount()).isEqualTo(1);
        }
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }

    assertThat(handlerThreads).hasSize(20).allSatisfy(name -> assertThat(name).startsWith("sparkscale-grpc-io-"));
  }
}
