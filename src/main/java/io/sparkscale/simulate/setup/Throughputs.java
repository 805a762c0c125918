package io.sparkscale.simulate.setup;

import io.sparkscale.eventlog.EventLogAnalysis;
import io.sparkscale.simulate.Throughput;
import io.sparkscale.simulate.arrivals.Rates;
import io.sparkscale.trigger.TriggerSpec.Metric;
import io.sparkscale.units.InvalidInputException;
import io.sparkscale.units.SafeText;
import io.sparkscale.units.Sizes;
import java.util.Locale;

/** What one replica (or one Job) processes per second: typed as a rate, or measured from an event log. */
public final class Throughputs {

  public static final String HELP = "use objects per second such as 2/s, or bytes such as 50MB/s (also /m, /h)";

  private Throughputs() {}

  /** {@code 2/s}: objects; {@code 50MB/s}, {@code 1.5GiB/m}: bytes. */
  public static Throughput parse(String option, String text) {
    if (text == null || text.isBlank() || text.indexOf('/') < 0) {
      throw InvalidInputException.badValue(option, String.valueOf(text), HELP);
    }
    String plain = text.strip();
    int slash = plain.indexOf('/');
    String amount = plain.substring(0, slash).strip();
    boolean objects = amount.matches("\\d+(\\.\\d+)?|\\.\\d+");
    double perUnit;
    if (objects) {
      perUnit = Rates.perSecond(option, "1/" + plain.substring(slash + 1).strip()) * Double.parseDouble(amount);
    } else {
      double seconds = 1 / Rates.perSecond(option, "1/" + plain.substring(slash + 1).strip());
      try {
        perUnit = Sizes.parseDataBytes(option, amount) / seconds;
      } catch (InvalidInputException e) {
        throw InvalidInputException.badValue(option, text, HELP);
      }
    }
    if (!(perUnit > 0) || !Double.isFinite(perUnit)) {
      throw InvalidInputException.badValue(option, text, HELP + " (must be greater than zero)");
    }
    return new Throughput(perUnit, objects ? Metric.OBJECTS : Metric.BYTES);
  }

  /** Whose throughput an event log gives. */
  public enum Basis {
    /** A replica is one executor-shaped pod (a ScaledObject's workers): bytes read per executor-second alive. */
    PER_EXECUTOR,
    /** A Job runs one application (a ScaledJob): bytes read per second of the application's run. */
    PER_APPLICATION;

    public String describe() {
      return name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
  }

  /**
   * The measured throughput of a recorded run: input bytes over the executor-seconds the executors were alive
   * (idle waits between stages included, so it is what a replica delivers, not its busy peak), or over the
   * application's wall time for a Job that runs one application.
   */
  public static Throughput fromEventLog(String option, String path, EventLogAnalysis analysis, Basis basis) {
    if (analysis.bytesRead() <= 0) {
      throw new InvalidInputException(option + ": " + SafeText.quote(path) + " records no input bytes (no"
          + " Input Metrics), so it gives no throughput; give --throughput instead");
    }
    double seconds = basis == Basis.PER_APPLICATION
        ? analysis.applicationSeconds()
        : analysis.executorCoreSeconds() / Math.max(1, analysis.settings().executorCores());
    if (!(seconds > 0)) {
      throw new InvalidInputException(option + ": " + SafeText.quote(path) + " records no executor time, so it"
          + " gives no throughput; give --throughput instead");
    }
    return new Throughput(analysis.bytesRead() / seconds, Metric.BYTES);
  }
}
