package io.sparkscale.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.sparkscale.bench.PackagedApp;
import io.sparkscale.bench.StartupBench;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The packaged CLI loads none of the serve stack: no gRPC, Vert.x, Netty transport or SDK HTTP client class
 * for a command that does not use them (before plain grpc-java replaced quarkus-grpc, every command loaded
 * about 850 of them); and `rightsize` and `render` run without starting Quarkus at all (Main), while the
 * rest still start it. Read from the JVM's own class-loading log.
 */
class CliFootprintIT {

  private static final Pattern LOADED = Pattern.compile("(?m)\\[class,load\\] (\\S+) source:");

  /** Classes only a started Quarkus loads: its application, configuration and CDI container. */
  private static final Pattern QUARKUS_STARTED =
      Pattern.compile("^(io\\.quarkus\\.runtime\\.Application$|io\\.smallrye\\.config\\.|io\\.quarkus\\.arc\\.)");

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "rightsize --data-size 1TB",
      "rightsize --data-size 1TB --format json",
      "render scaledobject --name etl --bucket incoming --target-name etl --scaler-address sparkscale.keda:9090",
      "render karpenter --data-size 1TB --cloud aws"})
  void computingCommandsStartNeitherQuarkusNorTheServeStack(String line) throws Exception {
    List<String> classes = classesLoaded(line);
    assertThat(classes).filteredOn(name -> StartupBench.SERVE_ONLY.matcher(name).find()).isEmpty();
    assertThat(classes).filteredOn(name -> QUARKUS_STARTED.matcher(name).find()).isEmpty();
  }

  /**
   * The top command's help and version build every command, and the JVM's verifier then loads the few gRPC API
   * and Netty SSL types the probe and serve commands' code names (and quarkus-netty's CDI container its
   * EventLoopGroup bean types); but no transport, server or HTTP client.
   */
  private static final Pattern SERVER_OR_CLIENT = Pattern.compile("^(io\\.vertx\\.|io\\.grpc\\.(netty|internal)\\."
      + "|io\\.netty\\.(channel\\.(nio|socket|epoll)|bootstrap|buffer)\\.|software\\.amazon\\.awssdk\\.http\\.|org\\.apache\\.http\\.)");

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"--help", "--version"})
  void theTopCommandStartsQuarkusButNoServerOrClient(String line) throws Exception {
    List<String> classes = classesLoaded(line);
    assertThat(classes).filteredOn(name -> SERVER_OR_CLIENT.matcher(name).find()).isEmpty();
    assertThat(classes).filteredOn(name -> QUARKUS_STARTED.matcher(name).find()).isNotEmpty();
  }

  private static List<String> classesLoaded(String line) throws Exception {
    assumeFalse(PackagedApp.isNative(), "a native executable has no class loading to log");
    List<String> command = new ArrayList<>(PackagedApp.command(false, List.of(line.split(" "))));
    command.add(1, "-Xlog:class+load=info:stdout");
    Process process = new ProcessBuilder(command).directory(PackagedApp.appDir().toFile())
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String log = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(line).isZero();

    List<String> classes = new ArrayList<>();
    Matcher loaded = LOADED.matcher(log);
    while (loaded.find()) {
      classes.add(loaded.group(1));
    }
    assertThat(classes).as("classes loaded").hasSizeGreaterThan(1_000)
        .contains("io.sparkscale.cli.SparkscaleCommand");
    return classes;
  }
}
