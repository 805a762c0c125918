package io.sparkscale.cli;

import io.sparkscale.render.PlanFormat;
import java.util.Arrays;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads --format as users spell it (spark-conf, helm-values). */
public class PlanFormatConverter implements ITypeConverter<PlanFormat> {

  static final String ACCEPTED =
      Arrays.stream(PlanFormat.values()).map(PlanFormat::id).collect(Collectors.joining(", "));

  @Override
  public PlanFormat convert(String value) {
    return Arrays.stream(PlanFormat.values())
        .filter(format -> format.id().equalsIgnoreCase(value.strip()))
        .findFirst()
        .orElseThrow(() -> new TypeConversionException("'" + value + "' is not a format; use " + ACCEPTED));
  }
}
