package io.sparkscale.cli;

import io.sparkscale.render.PlanFormat;
import java.util.Arrays;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads --format as users spell it (spark-conf, sparkapplication-fragment). */
public class PlanFormatConverter implements ITypeConverter<PlanFormat> {

  static final String ACCEPTED =
      Arrays.stream(PlanFormat.values()).map(PlanFormat::id).collect(Collectors.joining(", "));

  static final String HELM_VALUES_RENAMED =
      "'helm-values' is now called sparkapplication-fragment (it is the sized part of a SparkApplication"
          + " spec, not values of any Helm chart); use --format sparkapplication-fragment";

  @Override
  public PlanFormat convert(String value) {
    if (value.strip().equalsIgnoreCase("helm-values")) {
      throw new TypeConversionException(HELM_VALUES_RENAMED);
    }
    return Arrays.stream(PlanFormat.values())
        .filter(format -> format.id().equalsIgnoreCase(value.strip()))
        .findFirst()
        .orElseThrow(() -> new TypeConversionException("'" + value + "' is not a format; use " + ACCEPTED));
  }
}
