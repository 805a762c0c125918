package io.sparkscale.render;

import io.sparkscale.sizing.SizingPlan;
import io.sparkscale.units.Cpu;
import io.sparkscale.units.Sizes;
import java.util.Map;

/** The human-readable plan: one labelled line per section, then the conf to apply and the reasons. */
final class PlanTable {

  private PlanTable() {}

  static String render(SizingPlan plan, Map<String, Object> extraSections) {
    StringBuilder out = new StringBuilder();
    var e = plan.executor();
    row(out, "Input", Sizes.humanBytes(plan.input().dataBytes()) + " (" + plan.input().dataBytes() + " bytes)");
    row(out, "Executor", e.cores() + " cores, " + e.memoryMiB() + " MiB heap + " + e.memoryOverheadMiB()
        + " MiB overhead = " + e.podMemoryMiB() + " MiB pod, CPU request " + Cpu.format(e.cpuRequestMillis()));
    var driver = plan.driver();
    row(out, "Driver", driver.cores() + (driver.cores() == 1 ? " core, " : " cores, ") + driver.memoryMiB()
        + " MiB heap + " + driver.memoryOverheadMiB() + " MiB overhead");
    var n = plan.node();
    row(out, "Node", n == null ? "none given" : n.type() + (n.cloud() == null ? "" : " (" + n.cloud() + ")")
        + ": " + n.vcpus() + " vCPU, " + n.memoryMiB() + " MiB; allocatable " + Cpu.format(n.allocatableCpuMillis())
        + " CPU, " + n.allocatableMemoryMiB() + " MiB; DaemonSets " + Cpu.format(n.daemonSetReservedCpuMillis())
        + " CPU, " + n.daemonSetReservedMemoryMiB() + " MiB; " + n.executorsPerNode() + " executors per node");
    var d = plan.dynamicAllocation();
    row(out, "Dynamic alloc.", (d.enabled() ? "on" : "off") + ", executors min " + d.minExecutors()
        + ", initial " + d.initialExecutors() + ", max " + d.maxExecutors());
    var p = plan.partitions();
    row(out, "Partitions", p.inputTasks() + " input tasks of up to " + p.maxPartitionBytes() + " bytes ("
        + p.inputWaves() + (p.inputWaves() == 1 ? " wave" : " waves") + "), " + p.shufflePartitions()
        + " shuffle partitions");
    var c = plan.cluster();
    row(out, "At full scale", (c.nodes() == null ? "" : c.nodes() + " nodes, ") + c.executors() + " executors, "
        + c.totalExecutorCores() + " executor cores");
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

  private static void row(StringBuilder out, String label, String value) {
    out.append(String.format("%-15s %s\n", label, value));
  }
}
