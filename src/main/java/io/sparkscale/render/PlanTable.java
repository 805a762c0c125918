package io.sparkscale.render;

import io.sparkscale.sizing.SizingPlan;
import io.sparkscale.units.Cpu;
import io.sparkscale.units.Nouns;
import io.sparkscale.units.Sizes;
import java.util.Map;

/** The human-readable plan: one labelled line per section, then the conf to apply and the reasons. */
final class PlanTable {

  private PlanTable() {}

  static String render(SizingPlan plan, Map<String, Object> extraSections) {
    StringBuilder out = new StringBuilder();
    var e = plan.executor();
    row(out, "Input", plan.input().assumedBecause() == null
        ? Sizes.humanBytes(plan.input().dataBytes()) + " (" + plan.input().dataBytes() + " bytes)"
        : "not measured: " + plan.input().assumedBecause() + "; " + Sizes.humanBytes(plan.input().dataBytes())
            + " assumed only to size partitions");
    row(out, "Executor", Nouns.count(e.cores(), "core") + ", " + e.memoryMiB() + " MiB heap + " + e.memoryOverheadMiB()
        + " MiB overhead = " + e.podMemoryMiB() + " MiB pod, CPU request " + Cpu.format(e.cpuRequestMillis()));
    var driver = plan.driver();
    row(out, "Driver", Nouns.count(driver.cores(), "core") + ", " + driver.memoryMiB()
        + " MiB heap + " + driver.memoryOverheadMiB() + " MiB overhead");
    var n = plan.node();
    row(out, "Node", n == null ? "none given" : n.type() + (n.cloud() == null ? "" : " (" + n.cloud() + ")")
        + ": " + n.vcpus() + " vCPU, " + n.memoryMiB() + " MiB; allocatable " + Cpu.format(n.allocatableCpuMillis())
        + " CPU, " + n.allocatableMemoryMiB() + " MiB; DaemonSets " + Cpu.format(n.daemonSetReservedCpuMillis())
        + " CPU, " + n.daemonSetReservedMemoryMiB() + " MiB; " + Nouns.count(n.executorsPerNode(), "executor")
        + " per node");
    if (n != null) {
      row(out, "Node memory", "kubelet capacity " + n.capacityMemoryMiB() + " MiB"
          + (n.karpenterAllocatableMemoryMiB() == null ? ""
              : "; Karpenter assumes " + n.karpenterAllocatableMemoryMiB() + " MiB allocatable until it has seen one")
          + "; executors fill at most " + n.executorMemoryBudgetMiB() + " MiB ("
          + Math.round(n.headroom() * 100) + "% headroom)");
    }
    var d = plan.dynamicAllocation();
    row(out, "Dynamic alloc.", (d.enabled() ? "on" : "off") + ", executors min " + d.minExecutors()
        + ", initial " + d.initialExecutors() + ", max " + d.maxExecutors());
    var p = plan.partitions();
    row(out, "Partitions", Nouns.count(p.inputTasks(), "input task") + " of up to " + p.maxPartitionBytes()
        + " bytes (" + Nouns.count(p.inputWaves(), "wave") + "), " + Nouns.count(p.shufflePartitions(),
        "shuffle partition") + " (" + blocks(p.shuffleBlocks()) + ")");
    var c = plan.cluster();
    row(out, "At full scale", (c.nodes() == null ? "" : Nouns.count(c.nodes(), "node") + ", ")
        + Nouns.count(c.executors(), "executor") + ", " + Nouns.count(c.totalExecutorCores(), "executor core"));
    var disk = plan.localDisk();
    if (disk != null) {
      row(out, "Local disk", Pods.mebibytes(disk.executorRequestMiB()) + " ephemeral-storage per executor"
          + (disk.executorRequestMiB() < disk.executorNeedMiB() ? " (needs " + Pods.mebibytes(disk.executorNeedMiB())
              + ")" : "") + " for " + Sizes.humanBytes(disk.shuffleBytes()) + " of shuffle"
          + (disk.nodeDiskBytes() == null ? ""
              : "; node disk " + (disk.nodeDiskBytes() >> 30) + " GiB, " + disk.nodeDiskSource()));
    }
    var cost = plan.cost();
    row(out, "Cost", cost == null ? "unknown (no node price)" : PlanWriter.money(cost.onDemandPerHour())
        + " on demand, " + PlanWriter.money(cost.spotPerHour()) + " on spot; prices: " + cost.priceSource());
    extraSections.keySet().forEach(name -> row(out, name, "see --format json"));

    if (!plan.warnings().isEmpty()) {
      out.append("\nWarnings\n");
      plan.warnings().forEach(warning -> out.append("  ! ").append(warning).append('\n'));
    }
    out.append("\nspark-defaults.conf\n");
    plan.sparkConf().forEach((key, value) -> out.append("  ").append(key).append(' ').append(value).append('\n'));
    out.append("\nWhy\n");
    plan.notes().forEach(note -> out.append("  - ").append(note).append('\n'));
    return out.toString();
  }

  /** Shuffle blocks as a count people can read: exact below a million, else in scientific notation. */
  private static String blocks(long count) {
    return count < 1_000_000 ? Nouns.count(count, "shuffle block")
        : String.format(java.util.Locale.ROOT, "%.1e shuffle blocks", (double) count);
  }

  private static void row(StringBuilder out, String label, String value) {
    out.append(String.format("%-15s %s\n", label, value));
  }
}
