package io.sparkscale.sizing;

import io.sparkscale.units.InvalidInputException;
import io.sparkscale.units.Nouns;
import java.util.List;
import java.util.Locale;

/**
 * maxExecutors: enough executors for the input stage to finish in --waves rounds of tasks (or the caller's
 * evidence), then bounded by --max-executors (default 5,000), --max-nodes (default 5,000) and
 * --budget-per-hour. Each bound that binds is a warning: the job then takes more rounds than asked.
 */
final class ExecutorCount {

  private ExecutorCount() {}

  static int maxExecutors(SizingRequest request, Packing packing, long inputTasks,
      Integer uncappedMaxExecutors, String uncappedReason, List<String> notes, List<String> warnings) {
    long wanted = uncappedMaxExecutors != null
        ? uncappedMaxExecutors
        : Math.max(1, ceilDiv(inputTasks, (long) request.waves() * packing.cores()));
    String wantedBy = uncappedMaxExecutors != null
        ? uncappedReason
        : Nouns.count(inputTasks, "input task") + " in " + Nouns.count(request.waves(), "wave") + " of "
            + Nouns.count(packing.cores(), "task") + " per executor (--waves)";
    long max = wanted;
    String boundBy = null;

    boolean defaultExecutorCeiling = request.maxExecutors() == null;
    long executorCeiling = defaultExecutorCeiling ? SizingRequest.DEFAULT_MAX_EXECUTORS : request.maxExecutors();
    if (executorCeiling < max) {
      max = executorCeiling;
      boundBy = defaultExecutorCeiling
          ? "the default ceiling of " + SizingRequest.DEFAULT_MAX_EXECUTORS + " executors (raise it with"
              + " --max-executors)"
          : "--max-executors " + executorCeiling;
    }

    Integer perNode = packing.executorsPerNode();
    if (request.maxNodes() != null && perNode == null) {
      throw new InvalidInputException("--max-nodes: needs a node to pack onto; add --cloud/--node-type or"
          + " --node-cores and --node-memory");
    }
    if (perNode != null) {
      boolean defaultNodeCeiling = request.maxNodes() == null;
      long nodeCeiling = defaultNodeCeiling ? SizingRequest.DEFAULT_MAX_NODES : request.maxNodes();
      long byNodes = nodeCeiling * perNode;
      if (byNodes < max) {
        max = byNodes;
        boundBy = (defaultNodeCeiling
            ? "the default ceiling of " + nodeCeiling + " nodes (raise it with --max-nodes)"
            : "--max-nodes " + nodeCeiling) + " x " + Nouns.count(perNode, "executor") + " per node";
      }
    }

    if (request.budgetPerHour() != null) {
      NodeSpec node = request.node();
      if (node == null || node.onDemandPerHour() == null) {
        throw new InvalidInputException("--budget-per-hour: needs a node price; add --cloud/--node-type, or"
            + " --node-price with --node-cores and --node-memory");
      }
      long affordableNodes = (long) Math.floor(request.budgetPerHour() / node.onDemandPerHour() + 1e-9);
      if (affordableNodes == 0) {
        throw new InvalidInputException(String.format(Locale.ROOT,
            "--budget-per-hour: %.2f USD buys no %s node (%.3f USD/h on demand); raise the budget or pick a"
                + " smaller --node-type", request.budgetPerHour(), node.type(), node.onDemandPerHour()));
      }
      long byBudget = affordableNodes * perNode;
      if (byBudget < max) {
        max = byBudget;
        boundBy = String.format(Locale.ROOT, "--budget-per-hour %.2f USD: %s x %s",
            request.budgetPerHour(), Nouns.count(affordableNodes, "node"), Nouns.count(perNode, "executor"));
      }
    }

    if (boundBy == null) {
      notes.add("maxExecutors " + max + " for " + wantedBy + ".");
    } else {
      notes.add("maxExecutors " + max + " bound by " + boundBy + " (uncapped it would be " + wanted + " for "
          + wantedBy + ").");
      warnings.add("maxExecutors is capped at " + max + " by " + boundBy + ": the input stage needs "
          + Nouns.count(ceilDiv(inputTasks, max * packing.cores()), "wave") + " of tasks instead of "
          + (uncappedMaxExecutors != null ? ceilDiv(inputTasks, wanted * packing.cores()) : request.waves())
          + ", so the job runs longer than planned.");
    }
    return (int) max;
  }

  static long ceilDiv(long a, long b) {
    return -Math.floorDiv(-a, b);
  }
}
