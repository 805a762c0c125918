package io.sparkscale.nativeimage;

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
 *   <li>KEDA's protobuf messages and builders: protobuf-java's field accessors find methods reflectively.
 *       quarkus-grpc registers messages it serves itself; `serve` binds the service with grpc-java directly.
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
      IsActiveResponse.Builder.class
    },
    registerFullHierarchy = true)
public final class ReflectionRegistrations {

  private ReflectionRegistrations() {}
}
