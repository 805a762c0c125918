package io.sparkscale.cli.options;

import io.sparkscale.sizing.SizingRequest;
import io.sparkscale.units.InvalidInputException;
import io.sparkscale.units.SafeText;
import java.util.function.DoublePredicate;

/**
 * A plain decimal (digits and one point: no sign, no exponent) within a range; the message quotes the user's
 * text ("65", never "65.0") and says what is accepted. One subclass per range, named after what it measures.
 */
public abstract class DecimalConverter extends OptionConverter<Double> {

  protected DecimalConverter(DoublePredicate inRange, String accepted) {
    super((option, text) -> parse(inRange, accepted, option, text, text.strip()));
  }

  private DecimalConverter(Parser<Double> parser) {
    super(parser);
  }

  /** @param plain the number within text (text itself, or without a unit); the message quotes text */
  private static Double parse(DoublePredicate inRange, String accepted, String option, String text, String plain) {
    if (!plain.matches("\\d+(\\.\\d*)?|\\.\\d+")) {
      throw new InvalidInputException(option + ": '" + SafeText.quote(text) + "' is not a number; " + accepted);
    }
    double value = Double.parseDouble(plain);
    if (!Double.isFinite(value) || !inRange.test(value)) {
      throw new InvalidInputException(option + ": '" + SafeText.quote(text) + "' is out of range; " + accepted);
    }
    return value;
  }

  /** Spark's memory overhead factor: a share of the heap, 0 to 1. */
  public static final class OverheadFactor extends DecimalConverter {
    public OverheadFactor() {
      super(f -> f <= 1, "use 0 to 1, e.g. 0.1");
    }
  }

  /** The spot discount off on-demand prices: 0 up to, not including, 1. */
  public static final class SpotDiscount extends DecimalConverter {
    public SpotDiscount() {
      super(f -> f < 1, "use a fraction from 0 to below 1, e.g. 0.65");
    }
  }

  /** Shuffle bytes per input byte, above 0. */
  public static final class ShuffleRatio extends DecimalConverter {
    public ShuffleRatio() {
      super(f -> f > 0, "use a positive number, e.g. 1.0 (shuffle bytes per input byte)");
    }
  }

  /** A spending cap in USD per hour, above 0. */
  public static final class BudgetPerHour extends DecimalConverter {
    public BudgetPerHour() {
      super(f -> f > 0, "use an amount in USD above 0, e.g. 50");
    }
  }

  /** A node's price in USD per hour, above 0. */
  public static final class NodePrice extends DecimalConverter {
    public NodePrice() {
      super(p -> p > 0, "use a price in USD per hour above 0, e.g. 0.768");
    }
  }

  /** Karpenter's vmMemoryOverheadPercent, a fraction despite its name: 0 up to, not including, 1. */
  public static final class VmMemoryOverhead extends DecimalConverter {
    public VmMemoryOverhead() {
      super(f -> f < 1, "use a fraction from 0 to below 1, e.g. 0.075 (Karpenter's default)");
    }
  }

  /** A percentage, with or without its %, up to {@link SizingRequest#MAX_HEADROOM}; the value is the fraction. */
  public static final class Headroom extends DecimalConverter {
    public Headroom() {
      super((option, text) -> parse(p -> p <= SizingRequest.MAX_HEADROOM * 100,
          "use a percentage from 0 to " + Math.round(SizingRequest.MAX_HEADROOM * 100) + ", e.g. 3%",
          option, text, withoutPercentSign(text)) / 100);
    }

    private static String withoutPercentSign(String text) {
      String plain = text.strip();
      return plain.endsWith("%") ? plain.substring(0, plain.length() - 1).strip() : plain;
    }
  }
}
