package io.sparkscale.cli;

import org.eclipse.microprofile.config.ConfigProvider;
import picocli.CommandLine.IVersionProvider;

/** Reports the version Quarkus stamped into the build (the POM's version). */
public class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String version =
        ConfigProvider.getConfig()
            .getOptionalValue("quarkus.application.version", String.class)
            .orElse("unknown");
    return new String[] {"sparkscale " + version};
  }
}
