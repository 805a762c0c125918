package io.sparkscale.sizing;

import io.sparkscale.units.Spellings;
import java.util.Locale;

/** CPU architecture of a node type, spelled as the kubernetes.io/arch label spells it. */
public enum Arch {
  AMD64,
  ARM64;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Arch parse(String option, String value) {
    return Spellings.parse(option, value, values(), Arch::id, "use amd64 or arm64");
  }
}
