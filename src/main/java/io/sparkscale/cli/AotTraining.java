package io.sparkscale.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.reflect.Method;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarFile;
import picocli.CommandLine;

/**
 * A training run of the JDK's AOT cache (deploy/aot-train.sh; JEP 483/514). A cache holds what one run
 * loaded, and a JVM started with it loads all of that up front: so there are two caches, one per kind of
 * process, and this class trains either.
 *
 * <ul>
 *   <li>{@code cli COMMAND...}: each command line (one argument each, split at spaces) runs in-process, then
 *       the last one once more through the application's launcher, so the launcher's own path (Quarkus' entry
 *       point and class loader, then {@link Main}) is in the cache as every CLI run goes through it. A command
 *       that does not exit 0 fails the training, so a stale line in the script stops the image build.
 *   <li>{@code serve}: `serve` through the launcher on free loopback ports; a client thread waits for
 *       /readyz, asks /livez and /metrics as the kubelet and Prometheus do, then exits the JVM normally
 *       (serve's shutdown hook drains it).
 * </ul>
 *
 * <p>Started by class name on the application's own class path ({@code java -cp quarkus-run.jar ...}), the
 * class path the cache is used with; the JVM writes the cache when it exits.
 */
public final class AotTraining {

  private static final Duration READY_WITHIN = Duration.ofSeconds(120);

  private AotTraining() {}

  public static void main(String[] args) throws Exception {
    String kind = args.length == 0 ? "" : args[0];
    List<String> commands = Arrays.asList(args).subList(Math.min(1, args.length), args.length);
    if (kind.equals("cli") && !commands.isEmpty()) {
      commands.forEach(line -> runCommand(split(line)));
      launcher().invoke(null, (Object) split(commands.get(commands.size() - 1)));
    } else if (kind.equals("serve") && commands.isEmpty()) {
      trainServe();
    } else {
      System.err.println("usage: AotTraining cli COMMAND... | AotTraining serve");
      System.exit(2);
    }
  }

  private static void trainServe() throws Exception {
    int grpcPort = freePort();
    int httpPort = freePort();
    Thread client = new Thread(() -> {
      int exit = 0;
      try {
        exerciseServe(httpPort);
        System.err.println("aot-training: serve started on gRPC " + grpcPort + ", answered on HTTP " + httpPort);
      } catch (Exception | AssertionError e) {
        System.err.println("aot-training: serve failed: " + e);
        exit = 1;
      }
      System.exit(exit);
    }, "aot-training-client");
    client.setDaemon(true);
    client.start();
    launcher().invoke(null, (Object) new String[] {"serve", "--port", Integer.toString(grpcPort),
        "--http-port", Integer.toString(httpPort), "--bind-address", "127.0.0.1", "--region", "us-east-1"});
  }

  private static String[] split(String line) {
    return line.strip().split("\\s+");
  }

  private static void runCommand(String[] args) {
    StringWriter err = new StringWriter();
    CommandLine commandLine = Main.commandLine(args, CommandLine.defaultFactory());
    commandLine.setOut(new PrintWriter(Writer.nullWriter()));
    commandLine.setErr(new PrintWriter(err, true));
    int exit = commandLine.execute(args);
    if (exit != 0) {
      throw new IllegalStateException("training command `" + String.join(" ", args) + "` exited " + exit + ": "
          + err.toString().strip());
    }
    System.err.println("aot-training: " + String.join(" ", args));
  }

  /**
   * What the kubelet does first with a new scaler pod, over a plain socket: a JVM loads every class its cache
   * holds when it starts, so a client here (the JDK's HttpClient, a gRPC channel) would be loaded by every
   * `serve` and count in its idle memory. The first KEDA calls load their classes as they would without a
   * cache.
   */
  private static void exerciseServe(int httpPort) throws Exception {
    long deadline = System.nanoTime() + READY_WITHIN.toNanos();
    while (status(httpPort, "/readyz") != 200) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("serve not ready within " + READY_WITHIN);
      }
      Thread.sleep(100);
    }
    for (String path : List.of("/livez", "/metrics")) {
      if (status(httpPort, path) != 200) {
        throw new IllegalStateException(path + " did not answer 200");
      }
    }
  }

  /** An HTTP/1.0 GET's status code; -1 while nothing listens. */
  private static int status(int port, String path) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(5_000);
      socket.getOutputStream().write(("GET " + path + " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      String[] statusLine = response.split("\r\n", 2)[0].split(" ");
      return statusLine.length > 1 ? Integer.parseInt(statusLine[1]) : -1;
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }

  /** The Main-Class of the launcher jar first on the class path: what `java -jar quarkus-run.jar` runs. */
  private static Method launcher() throws IOException, ReflectiveOperationException {
    String first = Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
        .findFirst().orElseThrow();
    try (JarFile jar = new JarFile(Path.of(first).toFile())) {
      String main = jar.getManifest().getMainAttributes().getValue("Main-Class");
      if (!main.contains("Aot")) {
        System.err.println("aot-training: " + first + " is not an aot-jar layout: Quarkus loads the application's"
            + " classes itself there and the cache will hold little more than the JDK's");
      }
      return Class.forName(main).getMethod("main", String[].class);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
