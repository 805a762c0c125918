package io.sparkscale.s3;

import io.sparkscale.testkit.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * A real S3 API server for tests: s3proxy (org.gaul:s3proxy, Apache-2.0) run as a child process on a free
 * loopback port, with its filesystem backend in a temporary directory and authorization off.
 *
 * <p>Seed objects by writing files ({@link #put}): the key {@code a/b.csv} of bucket {@code landing} is
 * the file {@code <basedir>/landing/a/b.csv}, and its mtime is the object's LastModified. Folder markers
 * ("dir/" with 0 bytes) can only be made through the API ({@link #putFolderMarker}). The server can be
 * stopped and started again on the same port with the same data, to test a store that goes away.
 *
 * <pre>{@code
 * try (S3ProxyServer s3 = S3ProxyServer.start()) {
 *   s3.put("landing", "in/a.csv", 10);
 *   ... endpoint s3.endpoint(), credentials S3ProxyServer.credentials(), path-style ...
 * }
 * }</pre>
 *
 * Needs the system property {@code s3proxy.jar} (set by the POM for surefire and failsafe).
 */
public final class S3ProxyServer implements AutoCloseable {

  private static final String ACCESS_KEY = "test-access";
  private static final String SECRET_KEY = "test-secret";
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);
  private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

  static {
    // Child processes outlive a JVM that dies mid-test; do not leave s3proxy servers behind.
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly), "s3proxy-reaper"));
  }

  private final Path workDir;
  private final Path basedir;
  private final Path properties;
  private final Path log;
  private final int port;
  private final boolean ownsWorkDir;
  private Process process;

  private S3ProxyServer(Path workDir, boolean ownsWorkDir, int port, boolean verifySignatures)
      throws IOException {
    this.workDir = workDir;
    this.ownsWorkDir = ownsWorkDir;
    this.port = port;
    this.basedir = Files.createDirectories(workDir.resolve("data"));
    this.properties = workDir.resolve("s3proxy.properties");
    this.log = workDir.resolve("s3proxy.log");
    Files.writeString(
        properties,
        String.join(
            "\n",
            "s3proxy.endpoint=http://127.0.0.1:" + port,
            verifySignatures
                ? "s3proxy.authorization=aws-v2-or-v4\ns3proxy.identity=" + ACCESS_KEY
                    + "\ns3proxy.credential=" + SECRET_KEY
                : "s3proxy.authorization=none",
            "jclouds.provider=filesystem-nio2",
            "jclouds.filesystem.basedir=" + basedir,
            "jclouds.identity=local",
            "jclouds.credential=local",
            ""));
  }

  /** Starts a server with its data in a new temporary directory, deleted by {@link #close}. */
  public static S3ProxyServer start() throws IOException {
    return start(Files.createTempDirectory("s3proxy-"), true, false);
  }

  /**
   * As {@link #start()}, but every request must carry a valid AWS signature (V2 or V4) made with
   * {@link #credentials()}: for code that signs requests itself.
   */
  public static S3ProxyServer startVerifyingSignatures() throws IOException {
    return start(Files.createTempDirectory("s3proxy-"), true, true);
  }

  /** Starts a server keeping its data and log in {@code workDir} (left in place by {@link #close}). */
  public static S3ProxyServer start(Path workDir) throws IOException {
    return start(Files.createDirectories(workDir), false, false);
  }

  private static S3ProxyServer start(Path workDir, boolean ownsWorkDir, boolean verifySignatures)
      throws IOException {
    IOException last = null;
    // A free port can be taken by someone else between probing and binding: try a few.
    for (int attempt = 0; attempt < 3; attempt++) {
      S3ProxyServer server = new S3ProxyServer(workDir, ownsWorkDir, freePort(), verifySignatures);
      try {
        server.restart();
        return server;
      } catch (IOException e) {
        last = e;
      }
    }
    throw last;
  }

  /** Static credentials: ignored unless the server verifies signatures; the SDK needs some to sign. */
  public static AwsCredentialsProvider credentials() {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));
  }

  /**
   * Makes these credentials the default chain's (its system properties), for commands that build their own
   * clients; {@link #clearDefaultCredentials} undoes it.
   */
  public static void useAsDefaultCredentials() {
    var resolved = credentials().resolveCredentials();
    System.setProperty("aws.accessKeyId", resolved.accessKeyId());
    System.setProperty("aws.secretAccessKey", resolved.secretAccessKey());
  }

  public static void clearDefaultCredentials() {
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
  }

  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /** The filesystem backend's root; one directory per bucket. */
  public Path basedir() {
    return basedir;
  }

  public boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** Starts the server (again) on the same port, with the same data; waits until it answers. */
  public synchronized void restart() throws IOException {
    if (isRunning()) {
      return;
    }
    String jar = System.getProperty("s3proxy.jar");
    if (jar == null || !Files.isRegularFile(Paths.get(jar))) {
      throw new IllegalStateException(
          "system property s3proxy.jar must name the s3proxy jar-with-dependencies (mvn sets it), got " + jar);
    }
    Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
    process =
        new ProcessBuilder(
                List.of(java.toString(), "-Xmx256m", "-XX:+UseSerialGC", "-jar", jar, "--properties",
                    properties.toString()))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    RUNNING.add(process);
    awaitReady();
  }

  /** Stops the server (SIGTERM, then kill); the data stays for {@link #restart}. */
  public synchronized void stop() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    RUNNING.remove(process);
    process = null;
  }

  /** Creates a bucket (a directory of the filesystem backend). */
  public Path createBucket(String bucket) {
    try {
      return Files.createDirectories(basedir.resolve(bucket));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An object of {@code size} bytes, last modified now. */
  public Path put(String bucket, String key, int size) {
    return put(bucket, key, new byte[size], null);
  }

  /** An object with the given content, last modified at {@code lastModified} (null: now). */
  public Path put(String bucket, String key, byte[] content, Instant lastModified) {
    try {
      Path file = createBucket(bucket).resolve(key);
      Files.createDirectories(file.getParent());
      Files.write(file, content);
      if (lastModified != null) {
        Files.setLastModifiedTime(file, FileTime.from(lastModified));
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A folder marker ("dir/", 0 bytes), made with a real PUT: the backend cannot express it as a file. */
  public void putFolderMarker(String bucket, String key) throws IOException, InterruptedException {
    if (!key.endsWith("/")) {
      throw new IllegalArgumentException("a folder marker's key ends with '/': " + key);
    }
    createBucket(bucket);
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(endpoint() + "/" + bucket + "/" + key))
                    .PUT(HttpRequest.BodyPublishers.noBody())
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("PUT " + key + " answered " + response.statusCode() + ": " + response.body());
    }
  }

  /** The child's output so far, for failure messages. */
  public String log() {
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  @Override
  public void close() {
    stop();
    if (ownsWorkDir) {
      deleteRecursively(workDir);
    }
  }

  private void awaitReady() throws IOException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest probe =
        HttpRequest.newBuilder(URI.create(endpoint() + "/")).timeout(Duration.ofSeconds(2)).build();
    String state;
    try {
      state = Await.until("s3proxy to answer on port " + port, STARTUP_TIMEOUT, () -> {
        if (!process.isAlive()) {
          return "exited with " + process.exitValue();
        }
        try {
          http.send(probe, HttpResponse.BodyHandlers.discarding());
          return "serving"; // any HTTP answer means it is serving
        } catch (IOException e) {
          return e.toString();
        }
      }, seen -> seen.equals("serving") || seen.startsWith("exited"));
    } catch (AssertionError timedOut) {
      stop();
      throw new IOException(timedOut.getMessage() + ": " + tail(), timedOut);
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for s3proxy", e);
    }
    if (!state.equals("serving")) {
      RUNNING.remove(process);
      throw new IOException("s3proxy " + state + " on port " + port + ": " + tail());
    }
  }

  private String tail() {
    String text = log();
    return text.length() <= 2000 ? text : text.substring(text.length() - 2000);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void deleteRecursively(Path root) {
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
              Files.delete(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
              Files.delete(dir);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      // A leftover temp directory is not worth failing a test for.
    }
  }
}
