package io.sparkscale.sizing;

import java.util.Locale;

/** CPU architecture of a node type, spelled as the kubernetes.io/arch label spells it. */
public enum Arch {
  AMD64,
  ARM64;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
