package io.sparkscale.nativeimage;

import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.sparkscale.grpc.externalscaler.GetMetricSpecResponse;
import io.sparkscale.grpc.externalscaler.GetMetricsRequest;
import io.sparkscale.grpc.externalscaler.GetMetricsResponse;
import io.sparkscale.grpc.externalscaler.IsActiveResponse;
import io.sparkscale.grpc.externalscaler.MetricSpec;
import io.sparkscale.grpc.externalscaler.MetricValue;
import io.sparkscale.grpc.externalscaler.ScaledObjectRef;
import io.sparkscale.sizing.SizingPlan;

/**
 * What a native image cannot discover by itself, registered here because the core must not import Quarkus.
 *
 * <ul>
 *   <li>The sizing plan records: Jackson reads their accessors reflectively for --format json/yaml.
 *   <li>KEDA's protobuf messages and builders, and grpc.health.v1's: protobuf-java's field accessors find
 *       methods reflectively.
 *   <li>grpc-java's providers, listed in the META-INF/services files application.properties includes:
 *       ServiceLoader instantiates each class a list names, so every one is registered (an unregistered
 *       name would fail the whole lookup). The list is what grpc-core, grpc-netty, grpc-util and
 *       grpc-services 1.79 ship; quarkus-grpc (GrpcCommonProcessor) registered the same before the
 *       application dropped it for plain grpc-java.
 * </ul>
 *
 * The AWS SDK ships its own native-image metadata for the Apache client, STS and its core; its resources
 * are included in application.properties (quarkus.native.resources.includes).
 */
@RegisterForReflection(
    targets = {
      SizingPlan.class,
      SizingPlan.Input.class,
      SizingPlan.Executor.class,
      SizingPlan.Driver.class,
      SizingPlan.Node.class,
      SizingPlan.DynamicAllocation.class,
      SizingPlan.Partitions.class,
      SizingPlan.Cluster.class,
      SizingPlan.Cost.class,
      ScaledObjectRef.class,
      ScaledObjectRef.Builder.class,
      GetMetricSpecResponse.class,
      GetMetricSpecResponse.Builder.class,
      MetricSpec.class,
      MetricSpec.Builder.class,
      GetMetricsRequest.class,
      GetMetricsRequest.Builder.class,
      GetMetricsResponse.class,
      GetMetricsResponse.Builder.class,
      MetricValue.class,
      MetricValue.Builder.class,
      IsActiveResponse.class,
      IsActiveResponse.Builder.class,
      HealthCheckRequest.class,
      HealthCheckRequest.Builder.class,
      HealthCheckResponse.class,
      HealthCheckResponse.Builder.class,
      HealthCheckResponse.ServingStatus.class
    },
    classNames = {
      "io.grpc.internal.PickFirstLoadBalancerProvider",
      "io.grpc.internal.DnsNameResolverProvider",
      "io.grpc.netty.NettyChannelProvider",
      "io.grpc.netty.UdsNettyChannelProvider",
      "io.grpc.netty.NettyServerProvider",
      "io.grpc.netty.UdsNameResolverProvider",
      "io.grpc.util.SecretRoundRobinLoadBalancerProvider$Provider",
      "io.grpc.util.OutlierDetectionLoadBalancerProvider",
      "io.grpc.util.RandomSubsettingLoadBalancerProvider",
      "io.grpc.protobuf.services.internal.HealthCheckingRoundRobinLoadBalancerProvider"
    },
    registerFullHierarchy = true)
public final class ReflectionRegistrations {

  private ReflectionRegistrations() {}
}
