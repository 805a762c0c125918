package io.sparkscale.render;

import io.sparkscale.sizing.NodeSpec;
import io.sparkscale.sizing.Reserve;
import io.sparkscale.sizing.SizingPlan;
import io.sparkscale.sizing.SizingRequest;
import io.sparkscale.units.InvalidInputException;

/**
 * The shape of one standalone worker pod: it packs one node with the executors rightsize would put there,
 * and the worker daemon's own JVM counted as one more per-node reservation before executors share the rest.
 *
 * @param executorsPerWorker executors the worker can host at once (rightsize's executors per node)
 * @param workerCores SPARK_WORKER_CORES: cores the worker hands out to executors
 * @param workerMemoryMiB SPARK_WORKER_MEMORY: executor heap the worker hands out (standalone counts heap only)
 * @param podCpuMillis the worker container's CPU request
 * @param podMemoryMiB the worker container's memory request and limit: executor heaps, their overheads, the daemon
 * @param podDiskMiB the worker container's ephemeral-storage request: its executors' local disk
 */
public record SparkClusterSizing(
    SizingPlan plan,
    int executorsPerWorker,
    int workerCores,
    long workerMemoryMiB,
    long podCpuMillis,
    long podMemoryMiB,
    long podDiskMiB) {

  /** SPARK_DAEMON_MEMORY for the worker JVM: it only launches executors and relays heartbeats. */
  static final long DAEMON_HEAP_MIB = 512;
  /** The daemon's heap plus its metaspace, threads and buffers; and a little CPU for it. */
  static final Reserve WORKER_DAEMON = new Reserve(100, 768);

  /**
   * The request with the worker daemon reserved on each node, and no more nodes than workers; a node is
   * required (a worker packs one).
   *
   * @param maxWorkers null: as many workers as the data needs
   */
  public static SizingRequest withWorkerDaemon(SizingRequest request, Integer maxWorkers) {
    NodeSpec node = request.node();
    if (node == null) {
      throw new InvalidInputException(
          "--cloud/--node-type: required; a worker pod packs one node, so give a node type (or"
              + " --node-cores and --node-memory)");
    }
    NodeSpec withDaemon = node.withDaemonSets(node.daemonSetReserve().plus(WORKER_DAEMON));
    return request.withNode(withDaemon, fewest(request.maxNodes(), maxWorkers));
  }

  private static Integer fewest(Integer a, Integer b) {
    return a == null ? b : b == null ? a : Integer.valueOf(Math.min(a, b));
  }

  /** From a plan made with {@link #withWorkerDaemon}: its executors per node become one worker's capacity. */
  public static SparkClusterSizing of(SizingPlan plan) {
    if (plan.node() == null) {
      throw new IllegalArgumentException("plan without a node");
    }
    int perWorker = plan.node().executorsPerNode();
    SizingPlan.Executor executor = plan.executor();
    return new SparkClusterSizing(
        plan,
        perWorker,
        perWorker * executor.cores(),
        perWorker * executor.memoryMiB(),
        perWorker * executor.cpuRequestMillis() + WORKER_DAEMON.cpuMillis(),
        perWorker * executor.podMemoryMiB() + WORKER_DAEMON.memoryMiB(),
        perWorker * plan.localDisk().executorRequestMiB());
  }
}
