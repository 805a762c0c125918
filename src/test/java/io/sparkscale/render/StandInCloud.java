package io.sparkscale.render;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Where the rendered GKE and AKS scripts run in tests: a real /bin/sh runs them under their own `set -eu`, so
 * the shell itself parses the quoting and the here-documents, with gcloud, az and kubectl replaced by stand-ins
 * (the edges: no cloud here). The stand-ins log every call, keep the cluster's node pools in files and behave
 * as the real CLIs do where the scripts depend on it: describe/show fail for a missing pool, node-pools create
 * and nodepool add fail for an existing one, az's --update-cluster-autoscaler fails on a pool whose autoscaler
 * is off and --enable-cluster-autoscaler changes nothing on one where it is on (azure-cli acs
 * agentpool_decorator), kubectl apply refuses an empty input and a server-side dry run applies nothing.
 */
public final class StandInCloud {

  /** Prints the value after a flag (arg --zone "$@"); fails a call that contains the text in $STATE/fail. */
  private static final String COMMON = """
      #!/bin/sh
      arg() { want=$1; shift; while [ $# -gt 1 ]; do [ "$1" = "$want" ] && { echo "$2"; return; }; shift; done; }
      fail_if_asked() {
        if [ -f "$STATE/fail" ] && case "$*" in *"$(cat "$STATE/fail")"*) true;; *) false;; esac; then
          echo "ERROR: (stand-in) refused: $*" >&2; exit 1
        fi
      }
      """;

  private static final String GCLOUD = COMMON + """
      echo "gcloud $*" >> "$STATE/log"
      fail_if_asked "$@"
      case "$1 $2 $3" in
        "container clusters describe")
          case "$*" in *"value(locations)"*) cat "$STATE/zones";; *) echo "$4";; esac ;;
        "compute machine-types describe")
          zone=$(arg --zone "$@")
          [ -f "$STATE/offer-all" ] || [ -f "$STATE/types/$zone/$4" ] \\
            || { echo "ERROR: (gcloud.compute.machine-types.describe) not found" >&2; exit 1; }
          echo "$4" ;;
        "container node-pools describe")
          [ -f "$STATE/pools/$4" ] || { echo "ERROR: (gcloud.container.node-pools.describe) NOT_FOUND" >&2; exit 1; }
          case "$*" in *config.machineType*) sed -n 1p "$STATE/pools/$4";; *config.spot*) sed -n 2p "$STATE/pools/$4";; esac ;;
        "container node-pools create")
          [ -f "$STATE/pools/$4" ] && { echo "ERROR: (gcloud.container.node-pools.create) ALREADY_EXISTS" >&2; exit 1; }
          spot=; case " $* " in *" --spot "*) spot=True;; esac
          printf '%s\\n%s\\n' "$(arg --machine-type "$@")" "$spot" > "$STATE/pools/$4" ;;
        "container clusters update") ;;
        *) echo "ERROR: (stand-in) unexpected gcloud $*" >&2; exit 2 ;;
      esac
      """;

  private static final String AZ = COMMON + """
      echo "az $*" >> "$STATE/log"
      fail_if_asked "$@"
      name=$(arg --name "$@")
      case "$1 $2 $3" in
        "aks show --resource-group") echo eastus ;;
        "vm list-skus --location")
          size=$(arg --size "$@"); if [ -f "$STATE/offer-all" ] || [ -f "$STATE/skus/$size" ]; then echo "$size"; fi ;;
        "aks nodepool show")
          [ -f "$STATE/pools/$name" ] || { echo "ERROR: (ResourceNotFound) $name" >&2; exit 3; }
          case "$*" in
            *vmSize*) sed -n 1p "$STATE/pools/$name";;
            *scaleSetPriority*) sed -n 2p "$STATE/pools/$name";;
            *enableAutoScaling*) sed -n 3p "$STATE/pools/$name";;
          esac ;;
        "aks nodepool add")
          [ -f "$STATE/pools/$name" ] && { echo "ERROR: (AgentPoolAlreadyExists)" >&2; exit 1; }
          priority=regular; case "$*" in *"--priority Spot"*) priority=spot;; esac
          printf '%s\\n%s\\non\\n' "$(arg --node-vm-size "$@")" "$priority" > "$STATE/pools/$name" ;;
        "aks nodepool update")
          autoscaling=$(sed -n 3p "$STATE/pools/$name")
          case "$*" in
            *--update-cluster-autoscaler*)
              [ "$autoscaling" = on ] || { echo "ERROR: Cluster autoscaler is not enabled for this node pool." >&2; exit 1; } ;;
            *--enable-cluster-autoscaler*)
              if [ "$autoscaling" = on ]; then echo "WARNING: already enabled" >&2; exit 0; fi
              sed -i 3s/off/on/ "$STATE/pools/$name" ;;
          esac ;;
        "aks update --resource-group") ;;
        *) echo "ERROR: (stand-in) unexpected az $*" >&2; exit 2 ;;
      esac
      """;

  /** What an applied object reads is kept in $STATE/applied, documents separated by ---. */
  private static final String KUBECTL = COMMON + """
      echo "kubectl $*" >> "$STATE/log"
      fail_if_asked "$@"
      case "$1" in
        apply)
          input=$(cat)
          [ -n "$input" ] || { echo "error: no objects passed to apply" >&2; exit 1; }
          case " $* " in
            *" --dry-run=server "*) ;;
            *) if [ -s "$STATE/applied" ]; then echo --- >> "$STATE/applied"; fi
               printf '%s\\n' "$input" >> "$STATE/applied" ;;
          esac
          echo "applied" ;;
        *) echo "error: (stand-in) unexpected kubectl $*" >&2; exit 2 ;;
      esac
      """;

  private final Path dir;

  /** A cloud in {@code dir} offering nothing yet and holding no pools: see {@link #zones}, {@link #offerSku}. */
  public StandInCloud(Path dir) throws IOException {
    this.dir = dir;
    Files.createDirectories(state().resolve("pools"));
    Files.createDirectories(state().resolve("skus"));
    Files.createDirectories(state().resolve("types"));
    Path bin = Files.createDirectories(dir.resolve("bin"));
    executable(bin.resolve("gcloud"), GCLOUD);
    executable(bin.resolve("az"), AZ);
    executable(bin.resolve("kubectl"), KUBECTL);
  }

  /**
   * Runs {@code script} once in a cloud that offers every machine type in two zones and holds no pools, and
   * requires it to succeed.
   */
  public static Run succeeds(String script) throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("stand-in-cloud");
    try {
      StandInCloud cloud = new StandInCloud(dir).zones("zone-a", "zone-b");
      Files.writeString(cloud.state().resolve("offer-all"), "");
      Run run = cloud.run(script);
      if (run.exitCode() != 0) {
        throw new AssertionError("the script failed (exit " + run.exitCode() + "): " + run.output());
      }
      return run;
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(f);
        }
      }
    }
  }

  /** The GKE cluster's node zones, each offering the GCP default machine type. */
  public StandInCloud zones(String... zones) throws IOException {
    Files.writeString(state().resolve("zones"), String.join("\n", zones) + "\n");
    for (String zone : zones) {
      Path type = state().resolve("types/" + zone + "/n2-standard-16");
      Files.createDirectories(type.getParent());
      Files.writeString(type, "");
    }
    return this;
  }

  /** A GKE zone stops offering a machine type. */
  public void withdraw(String zone, String machineType) throws IOException {
    Files.delete(state().resolve("types/" + zone + "/" + machineType));
  }

  /** The AKS cluster's region offers this VM size to the subscription. */
  public void offerSku(String vmSize) throws IOException {
    Files.writeString(state().resolve("skus/" + vmSize), "");
  }

  public void withdrawSku(String vmSize) throws IOException {
    Files.delete(state().resolve("skus/" + vmSize));
  }

  /**
   * A node pool that exists already, as the stand-ins describe it: gcloud's machine type and spot ("True" or
   * ""); az's VM size, priority (spot or regular) and autoscaler (on or off).
   */
  public void pool(String name, String... describedAs) throws IOException {
    Files.writeString(state().resolve("pools/" + name), String.join("\n", describedAs) + "\n");
  }

  /** How a pool is described now, in the lines {@link #pool} takes. */
  public List<String> describe(String pool) throws IOException {
    return Files.readAllLines(state().resolve("pools/" + pool));
  }

  /** Every call whose arguments contain {@code text} fails from now on. */
  public void failCallsWith(String text) throws IOException {
    Files.writeString(state().resolve("fail"), text);
  }

  public void stopFailing() throws IOException {
    Files.deleteIfExists(state().resolve("fail"));
  }

  /** Runs {@code script} by /bin/sh against the cloud as it stands; what it changes stays for the next run. */
  public Run run(String script) throws IOException, InterruptedException {
    Path log = state().resolve("log");
    Path applied = state().resolve("applied");
    Files.deleteIfExists(log);
    Files.createFile(log);
    Files.deleteIfExists(applied);
    Files.createFile(applied);
    Path file = Files.writeString(dir.resolve("script.sh"), script);
    ProcessBuilder pb = new ProcessBuilder("/bin/sh", file.toString()).redirectErrorStream(true);
    pb.environment().put("PATH", dir.resolve("bin") + ":" + System.getenv("PATH"));
    pb.environment().put("STATE", state().toString());
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("the script did not finish within 60 s");
    }
    return new Run(p.exitValue(), output, Files.readAllLines(log), Files.readString(applied));
  }

  private Path state() {
    return dir.resolve("state");
  }

  private static void executable(Path file, String text) throws IOException {
    Files.writeString(file, text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /**
   * One run of a script.
   *
   * @param output what it printed, stdout and stderr
   * @param calls one line per gcloud, az or kubectl call, "az aks update ...", in order
   * @param applied what kubectl applied (not dry runs), documents separated by ---
   */
  public record Run(int exitCode, String output, List<String> calls, String applied) {

    /** The calls that change the cluster, in order. */
    public List<String> changes() {
      return calls.stream().filter(c -> c.matches("gcloud container (node-pools create|clusters update) .*")
          || c.matches("az aks (nodepool add|nodepool update|update) .*")
          || c.startsWith("kubectl apply ") && !c.contains("--dry-run")).toList();
    }
  }
}
