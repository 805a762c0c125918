package io.sparkscale.nativeimage;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * A native image finds grpc-java's providers through ServiceLoader, which fails the whole lookup on a name
 * it cannot instantiate: every provider the grpc jars list must be registered, and their lists included.
 */
class ReflectionRegistrationsTest {

  private static final List<String> GRPC_SERVICES = List.of("io.grpc.ServerProvider",
      "io.grpc.ManagedChannelProvider", "io.grpc.NameResolverProvider", "io.grpc.LoadBalancerProvider");

  @Test
  void everyGrpcProviderOnTheClassPathIsRegistered() throws IOException {
    List<String> listed = new ArrayList<>();
    for (String service : GRPC_SERVICES) {
      for (URL file : Collections.list(getClass().getClassLoader().getResources("META-INF/services/" + service))) {
        listed.addAll(providers(file));
      }
    }
    RegisterForReflection registration = ReflectionRegistrations.class.getAnnotation(RegisterForReflection.class);

    assertThat(listed).as("providers the grpc jars list").isNotEmpty()
        .contains("io.grpc.netty.NettyServerProvider", "io.grpc.internal.DnsNameResolverProvider");
    assertThat(registration.classNames()).containsAll(listed);
  }

  @Test
  void theProviderListsAreIncludedAsResources() throws IOException {
    Properties properties = new Properties();
    try (InputStream in = getClass().getResourceAsStream("/application.properties")) {
      properties.load(in);
    }

    assertThat(properties.getProperty("quarkus.native.resources.includes").split(","))
        .contains("META-INF/services/io.grpc.*");
  }

  private static List<String> providers(URL file) throws IOException {
    try (InputStream in = file.openStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
          .map(line -> line.replaceAll("#.*", "").strip())
          .filter(line -> !line.isEmpty())
          .toList();
    }
  }
}
