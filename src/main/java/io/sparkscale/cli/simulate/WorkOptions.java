package io.sparkscale.cli.simulate;

import io.sparkscale.cli.RightsizeOptions;
import io.sparkscale.eventlog.EventLogAnalysis;
import io.sparkscale.eventlog.EventLogAnalyzer;
import io.sparkscale.simulate.Throughput;
import io.sparkscale.simulate.WorkModel;
import io.sparkscale.simulate.report.Numbers;
import io.sparkscale.simulate.setup.Throughputs;
import io.sparkscale.simulate.setup.Throughputs.Basis;
import io.sparkscale.sizing.NodeSpec;
import io.sparkscale.sizing.Sizer;
import io.sparkscale.sizing.SizingPlan;
import io.sparkscale.sizing.SizingRequest;
import io.sparkscale.trigger.TriggerSpec.Metric;
import io.sparkscale.units.Durations;
import io.sparkscale.units.InvalidInputException;
import io.sparkscale.units.Sizes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.Option;

/** The work the replicas do and the nodes they run on. */
public class WorkOptions {

  @Option(names = "--throughput", paramLabel = "RATE", description = "What one replica (or Job) processes: objects"
      + " per second (2/s) or bytes (50MB/s); or --event-log.")
  String throughput;

  @Option(names = "--event-log", paramLabel = "PATH", description = "A Spark event log of a real run: its input"
      + " bytes per executor-second (ScaledObject) or per second of the application (ScaledJob) are the"
      + " throughput (docs/simulate.md).")
  Path eventLog;

  @Option(names = "--pod-startup", paramLabel = "DURATION", defaultValue = "20s",
      description = "From a pod placed on a ready node to it processing. Default: ${DEFAULT-VALUE}.")
  String podStartup;

  @Option(names = "--node-startup", paramLabel = "DURATION", defaultValue = "90s",
      description = "From a pod finding no room to its new node being ready. Default: ${DEFAULT-VALUE}.")
  String nodeStartup;

  @Option(names = "--node-scale-down-delay", paramLabel = "DURATION", defaultValue = "10m",
      description = "How long a node stays empty before it goes (Cluster Autoscaler's scale-down-unneeded-time,"
          + " Karpenter's consolidateAfter). Default: ${DEFAULT-VALUE}, Cluster Autoscaler's.")
  String nodeScaleDownDelay;

  @Option(names = "--scaler-cache-ttl", paramLabel = "DURATION", defaultValue = "10s",
      description = "How old a count the scaler may answer with (serve's --cache-ttl). Default: ${DEFAULT-VALUE}.")
  String scalerCacheTtl;

  @Option(names = "--pods-per-node", paramLabel = "N", description = "Replicas one node holds (default: executors"
      + " per node from rightsize's packing of --cloud/--node-type and the executor shape).")
  Integer podsPerNode;

  @Option(names = "--min-nodes", paramLabel = "N", description = "Nodes that are always there, and paid for."
      + " Default: 0.")
  Integer minNodes;

  @Option(names = "--spot", description = "Price nodes at spot: on-demand less --spot-discount (default 0.65).")
  boolean spot;

  /**
   * The data size the packing is worked out for. Executors per node follow from the executor shape and the
   * node alone; a large size only keeps checks that depend on the data (--initial-executors within the
   * executor count) from refusing flags a ScaledJob's Jobs pass on to rightsize with their real data.
   */
  static final long PACKING_DATA_BYTES = 1_000_000_000_000L;

  /** The work model and a line describing it. */
  public record Resolved(WorkModel model, String description) {}

  /** Checks the flags that need no file or sizing, so a typo fails before anything slow. */
  public void check() {
    if ((throughput == null) == (eventLog == null)) {
      throw new InvalidInputException("--throughput/--event-log: give one of them, e.g. --throughput 2/s");
    }
    if (throughput != null) {
      Throughputs.parse("--throughput", throughput);
    }
    Durations.parse("--pod-startup", podStartup);
    Durations.parse("--node-startup", nodeStartup);
    Durations.parse("--node-scale-down-delay", nodeScaleDownDelay);
    Durations.parse("--scaler-cache-ttl", scalerCacheTtl);
    if (podsPerNode != null && podsPerNode < 1) {
      throw InvalidInputException.badValue("--pods-per-node", podsPerNode.toString(), "use a whole number of 1 or more");
    }
    if (minNodes != null && minNodes < 0) {
      throw InvalidInputException.badValue("--min-nodes", minNodes.toString(), "use a whole number of 0 or more");
    }
  }

  /** Whether the throughput is typed in bytes (so arrivals need bytes). */
  public boolean bytesThroughput() {
    return throughput != null ? Throughputs.parse("--throughput", throughput).unit() == Metric.BYTES
        : eventLog != null;
  }

  public Duration scalerCacheTtl() {
    return Durations.parse("--scaler-cache-ttl", scalerCacheTtl);
  }

  /** @param job the replicas are ScaledJob Jobs (an event log then gives throughput per application) */
  public Resolved resolve(RightsizeOptions sizing, boolean job) {
    check();
    Throughput rate;
    String rateSource;
    if (throughput != null) {
      rate = Throughputs.parse("--throughput", throughput);
      rateSource = "--throughput";
    } else {
      Basis basis = job ? Basis.PER_APPLICATION : Basis.PER_EXECUTOR;
      EventLogAnalysis analysis = EventLogAnalyzer.analyze(eventLog);
      rate = Throughputs.fromEventLog("--event-log", eventLog.toString(), analysis, basis);
      rateSource = "event log " + eventLog + ", " + basis.describe();
    }
    SizingRequest request = sizing.toRequest(PACKING_DATA_BYTES);
    NodeSpec node = request.node();
    int perNode;
    String packing;
    if (podsPerNode != null) {
      perNode = podsPerNode;
      packing = perNode + " per node (--pods-per-node)";
    } else if (node == null) {
      throw new InvalidInputException("--cloud/--node-type: simulate packs replicas onto nodes; give --cloud aws"
          + " (or --node-type, or --node-cores with --node-memory), or --pods-per-node N");
    } else {
      SizingPlan plan = new Sizer().plan(request);
      perNode = plan.node().executorsPerNode();
      packing = perNode + " per node (" + plan.executor().cores() + "-core executor pods on " + node.type() + ")";
    }
    if (spot && (node == null || node.onDemandPerHour() == null)) {
      throw new InvalidInputException("--spot: needs a node price: a catalogue --node-type (or --cloud), or"
          + " --node-price");
    }
    Double price = node == null || node.onDemandPerHour() == null ? null
        : spot ? node.onDemandPerHour() * (1 - request.spotDiscount()) : node.onDemandPerHour();
    WorkModel model = new WorkModel(rate, Durations.parse("--pod-startup", podStartup),
        Durations.parse("--node-startup", nodeStartup), perNode, minNodes == null ? 0 : minNodes,
        Durations.parse("--node-scale-down-delay", nodeScaleDownDelay), price);
    String description = describe(rate) + " per " + (job ? "Job" : "replica") + " (" + rateSource + "); "
        + packing + "; pod start-up " + Durations.format(model.podStartup()) + ", node start-up "
        + Durations.format(model.nodeStartup()) + ", empty node removed after "
        + Durations.format(model.nodeScaleDownDelay()) + (price == null ? "; no node price"
            : String.format(Locale.ROOT, "; %.4f USD per node-hour %s", price, spot ? "at spot" : "on demand"));
    return new Resolved(model, description);
  }

  static String describe(Throughput rate) {
    return rate.unit() == Metric.OBJECTS
        ? Numbers.plain(rate.perSecond(), 4) + " objects/s"
        : Sizes.humanBytes(Math.round(rate.perSecond())) + "/s";
  }
}
