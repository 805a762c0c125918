package io.sparkscale.cli.options;

import io.sparkscale.claim.ClaimRequest;
import io.sparkscale.render.Names;
import io.sparkscale.render.ScaledObjectSpec.TargetKind;
import io.sparkscale.trigger.TriggerSpec.Metric;
import io.sparkscale.render.SparkPreset;
import io.sparkscale.render.SparkVersion;
import io.sparkscale.render.SpotPlacement.NodeProvisioner;
import io.sparkscale.render.SpotPlacement.SpotMode;
import io.sparkscale.sizing.Arch;
import io.sparkscale.sizing.Cloud;
import io.sparkscale.sizing.ExecutorPreset;
import io.sparkscale.units.Cpu;
import io.sparkscale.units.Durations;
import io.sparkscale.units.Sizes;
import java.time.Duration;
import java.util.Locale;

/**
 * The picocli converters of the CLI's options: each turns what the user typed into the value the core
 * takes, through the core's own parser, so the rules and messages live in one place (units, render).
 * Use one with {@code @Option(converter = Converters.MemoryMiB.class)}.
 */
public final class Converters {

  private Converters() {}

  /** A data size in bytes, greater than zero: 500GB, 1TB (SI), 1TiB (IEC). */
  public static final class DataBytes extends OptionConverter<Long> {
    public DataBytes() {
      super(Sizes::parseDataBytes);
    }
  }

  /** A data size in bytes where 0 is allowed (activation thresholds). */
  public static final class DataBytesOrZero extends OptionConverter<Long> {
    public DataBytesOrZero() {
      super(Sizes::parseDataBytesOrZero);
    }
  }

  /** Memory in MiB with a unit (8g, 512m): a bare number is refused, as Spark would read it as MiB. */
  public static final class MemoryMiB extends OptionConverter<Long> {
    public MemoryMiB() {
      super(Sizes::parseMemoryMiBWithUnit);
    }
  }

  /** Like {@link MemoryMiB}, but a zero (0, 0Mi, 0g) is allowed: a reserve that may be nothing. */
  public static final class MemoryMiBOrZero extends OptionConverter<Long> {
    public MemoryMiBOrZero() {
      super((option, text) -> text.strip().matches("0+([kKmMgGtT]i?[bB]?)?")
          ? 0L
          : Sizes.parseMemoryMiBWithUnit(option, text));
    }
  }

  /** CPU in millicores: 2, 0.5 or 200m. */
  public static final class CpuMillis extends OptionConverter<Long> {
    public CpuMillis() {
      super(Cpu::parseMillis);
    }
  }

  /** A duration of zero or more: 500ms, 30s, 5m, 1h30m. */
  public static final class AnyDuration extends OptionConverter<Duration> {
    public AnyDuration() {
      super(Durations::parse);
    }
  }

  /** A duration greater than zero. */
  public static final class PositiveDuration extends OptionConverter<Duration> {
    public PositiveDuration() {
      super(Durations::parsePositive);
    }
  }

  /** A duration, or a bare 0 for "never" (the scaler reads it so). */
  public static final class DurationOrZero extends OptionConverter<Duration> {
    public DurationOrZero() {
      super((option, text) -> text.strip().equals("0") ? Duration.ZERO : Durations.parse(option, text));
    }
  }

  /** A claim's lease: a duration from 1m to 7d (ClaimRequest.checkLease). */
  public static final class Lease extends OptionConverter<Duration> {
    public Lease() {
      super((option, text) -> ClaimRequest.checkLease(option, Durations.parse(option, text)));
    }
  }

  /** A Spark release, 3.1.0 or later. */
  public static final class SparkRelease extends OptionConverter<SparkVersion> {
    public SparkRelease() {
      super(SparkVersion::parse);
    }
  }

  /** A DNS-1123 label: namespaces, Secret and object names. */
  public static final class KubernetesName extends OptionConverter<String> {
    public KubernetesName() {
      super(Names::dnsLabel);
    }
  }

  /** HOST:PORT, as KEDA's scalerAddress takes it. */
  public static final class ScalerAddress extends OptionConverter<String> {
    public ScalerAddress() {
      super(Names::address);
    }
  }

  /** aws, gcp or azure. */
  public static final class CloudName extends EnumConverter<Cloud> {
    public CloudName() {
      super(Cloud.values(), Cloud::id);
    }
  }

  /** amd64 or arm64, as the kubernetes.io/arch label spells them. */
  public static final class ArchName extends EnumConverter<Arch> {
    public ArchName() {
      super(Arch.values(), Arch::id);
    }
  }

  /** small, medium, large or xlarge. */
  public static final class ExecutorPresetName extends EnumConverter<ExecutorPreset> {
    public ExecutorPresetName() {
      super(ExecutorPreset.values(), preset -> preset.name().toLowerCase(Locale.ROOT));
    }
  }

  /** base or cost-optimized. */
  public static final class PresetName extends EnumConverter<SparkPreset> {
    public PresetName() {
      super(SparkPreset.values(), SparkPreset::id);
    }
  }

  /** prefer or only. */
  public static final class SpotModeName extends EnumConverter<SpotMode> {
    public SpotModeName() {
      super(SpotMode.values(), SpotMode::id);
    }
  }

  /** karpenter, eks-managed, gke, aks or cluster-autoscaler. */
  public static final class NodeProvisionerName extends EnumConverter<NodeProvisioner> {
    public NodeProvisionerName() {
      super(NodeProvisioner.values(), NodeProvisioner::id);
    }
  }

  /** Deployment or StatefulSet, in any case. */
  public static final class TargetKindName extends EnumConverter<TargetKind> {
    public TargetKindName() {
      super(TargetKind.values(), TargetKind::kind);
    }
  }

  /** objects or bytes. */
  public static final class MetricName extends EnumConverter<Metric> {
    public MetricName() {
      super(Metric.values(), Metric::label);
    }
  }
}
