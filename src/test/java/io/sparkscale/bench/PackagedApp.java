package io.sparkscale.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * The packaged artifact as users run it: the native executable when one was built (-Dnative), else
 * `java -jar target/quarkus-app/quarkus-run.jar`, started from the quarkus-app directory (an AppCDS
 * archive only matches the class path it was made with, and that is relative there).
 */
public final class PackagedApp {

  private PackagedApp() {}

  public static Path appDir() {
    return Paths.get(System.getProperty("project.basedir", "."), "target", "quarkus-app").toAbsolutePath();
  }

  public static Path nativeExecutable() {
    String path = System.getProperty("native.image.path");
    return path == null ? null : Paths.get(path);
  }

  public static boolean isNative() {
    Path executable = nativeExecutable();
    return executable != null && Files.isExecutable(executable);
  }

  public static Path appCdsArchive() {
    return appDir().resolve("app-cds.jsa");
  }

  /** The command line for {@code args}; with appCds, the JVM maps the archive (JVM mode only). */
  public static List<String> command(boolean appCds, List<String> args) {
    List<String> command = new ArrayList<>();
    if (isNative()) {
      command.add(nativeExecutable().toString());
    } else {
      command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
      if (appCds) {
        command.add("-XX:SharedArchiveFile=app-cds.jsa");
        command.add("-Xshare:auto");
      }
      command.add("-jar");
      command.add("quarkus-run.jar");
    }
    command.addAll(args);
    return command;
  }

  /** The aot-jar layout of the same build (every class on the JDK's class path, for the AOT cache). */
  public static Path aotDir() {
    return appDir().resolveSibling("quarkus-aot");
  }

  /**
   * A JVM to run the packaged application with: its java, the layout (quarkus-app or quarkus-aot) and JVM
   * options (an AOT cache is one of them).
   */
  public record Jvm(String name, Path java, Path appDir, List<String> options) {

    /**
     * java OPTIONS -jar APP_DIR/quarkus-run.jar ARGS: by absolute path, as the image's launcher and
     * deploy/aot-train.sh name it (an AOT cache only maps for the class path it was trained with).
     */
    public List<String> command(List<String> args) {
      List<String> command = new ArrayList<>();
      command.add(java.toString());
      command.addAll(options);
      command.add("-jar");
      command.add(appDir.toAbsolutePath().resolve("quarkus-run.jar").toString());
      command.addAll(args);
      return command;
    }

    public Jvm withOptions(List<String> more) {
      List<String> all = new ArrayList<>(options);
      all.addAll(more);
      return new Jvm(name, java, appDir, List.copyOf(all));
    }
  }

  /** The JVM running the tests, on the fast-jar, with no options: README's `java -jar`. */
  public static Jvm thisJvm() {
    return new Jvm("JDK " + Runtime.version().feature(), Paths.get(System.getProperty("java.home"), "bin", "java"),
        appDir(), List.of());
  }

  public static ProcessBuilder builder(boolean appCds, List<String> args) throws IOException {
    if (!isNative() && !Files.isRegularFile(appDir().resolve("quarkus-run.jar"))) {
      throw new IOException("no packaged application at " + appDir() + " (run ./mvnw package first)");
    }
    return new ProcessBuilder(command(appCds, args)).directory(appDir().toFile());
  }
}
