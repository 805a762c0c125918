package io.sparkscale.sizing;

import io.sparkscale.units.InvalidInputException;
import java.util.Locale;

/** CPU architecture of a node type, spelled as the kubernetes.io/arch label spells it. */
public enum Arch {
  AMD64,
  ARM64;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Arch parse(String option, String value) {
    for (Arch arch : values()) {
      if (arch.id().equalsIgnoreCase(value == null ? "" : value.strip())) {
        return arch;
      }
    }
    throw InvalidInputException.badValue(option, String.valueOf(value), "use amd64 or arm64");
  }
}
