package io.sparkscale.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkscale.cli.render.Cli.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GKE and AKS scripts run by a real /bin/sh under their own `set -eu`, with stand-ins for gcloud, az and
 * kubectl (the edges: no cloud here) that keep the cluster's node pools in files and behave as the real CLIs
 * do where the script depends on it: describe/show fail for a missing pool, node-pools create and nodepool
 * add fail for an existing one, az's --update-cluster-autoscaler fails on a pool whose autoscaler is off and
 * --enable-cluster-autoscaler changes nothing on one where it is on (azure-cli acs agentpool_decorator).
 * What is checked is the order: nothing changes before every check has passed, the cluster-wide profile
 * comes last, and a second run finishes what a failed first run left.
 */
class ManagedAutoscalerScriptTest {

  /** Prints the value after a flag: arg --zone "$@". */
  private static final String ARG = """
      arg() { want=$1; shift; while [ $# -gt 1 ]; do [ "$1" = "$want" ] && { echo "$2"; return; }; shift; done; }
      fail_if_asked() {
        if [ -f "$STATE/fail" ] && case "$*" in *"$(cat "$STATE/fail")"*) true;; *) false;; esac; then
          echo "ERROR: (stub) refused: $*" >&2; exit 1
        fi
      }
      """;

  private static final String GCLOUD = "#!/bin/sh\n" + ARG + """
      echo "gcloud $*" >> "$STATE/log"
      fail_if_asked "$@"
      case "$1 $2 $3" in
        "container clusters describe")
          case "$*" in *"value(locations)"*) cat "$STATE/zones";; *) echo "$4";; esac ;;
        "compute machine-types describe")
          zone=$(arg --zone "$@")
          [ -f "$STATE/types/$zone/$4" ] || { echo "ERROR: (gcloud.compute.machine-types.describe) not found" >&2; exit 1; }
          echo "$4" ;;
        "container node-pools describe")
          [ -f "$STATE/pools/$4" ] || { echo "ERROR: (gcloud.container.node-pools.describe) NOT_FOUND" >&2; exit 1; }
          case "$*" in *config.machineType*) sed -n 1p "$STATE/pools/$4";; *config.spot*) sed -n 2p "$STATE/pools/$4";; esac ;;
        "container node-pools create")
          [ -f "$STATE/pools/$4" ] && { echo "ERROR: (gcloud.container.node-pools.create) ALREADY_EXISTS" >&2; exit 1; }
          spot=; case " $* " in *" --spot "*) spot=True;; esac
          printf '%s\\n%s\\n' "$(arg --machine-type "$@")" "$spot" > "$STATE/pools/$4" ;;
        "container clusters update") ;;
        *) echo "ERROR: (stub) unexpected gcloud $*" >&2; exit 2 ;;
      esac
      """;

  private static final String AZ = "#!/bin/sh\n" + ARG + """
      echo "az $*" >> "$STATE/log"
      fail_if_asked "$@"
      name=$(arg --name "$@")
      case "$1 $2 $3" in
        "aks show --resource-group") echo eastus ;;
        "vm list-skus --location")
          size=$(arg --size "$@"); if [ -f "$STATE/skus/$size" ]; then echo "$size"; fi ;;
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
        *) echo "ERROR: (stub) unexpected az $*" >&2; exit 2 ;;
      esac
      """;

  private static final String KUBECTL = """
      #!/bin/sh
      echo "kubectl $*" >> "$STATE/log"
      [ -f "$STATE/configmap" ] || { echo 'Error from server (NotFound): configmaps not found' >&2; exit 1; }
      echo configmap/cluster-autoscaler-priority-expander
      """;

  @TempDir Path dir;

  @Test
  void gkeCreatesThePoolsThenSetsTheProfileAndARerunOnlyUpdatesLimits() throws Exception {
    Path script = gkeScript("--data-size", "1TB");
    zones("us-central1-a", "us-central1-b");
    Run first = run(script);
    assertThat(first.exitCode()).as(first.output()).isZero();
    List<String> changes = first.changes();
    assertThat(changes).hasSize(3);
    assertThat(changes.get(0)).startsWith("gcloud container node-pools create spark-spot ")
        .contains("--machine-type n2-standard-16", " --spot ", "--num-nodes 0", "--total-max-nodes 117");
    assertThat(changes.get(1)).startsWith("gcloud container node-pools create spark-on-demand ")
        .doesNotContain("--spot").contains("--total-max-nodes 118");
    assertThat(changes.get(2)).contains("--autoscaling-profile optimize-utilization");
    // Every check ran before the first change.
    assertThat(first.log().indexOf(changes.get(0))).isGreaterThan(first.log().lastIndexOf("machine-types describe"));

    Run again = run(script);
    assertThat(again.exitCode()).as(again.output()).isZero();
    assertThat(again.changes()).containsExactly(
        "gcloud container clusters update analytics --location us-central1 --node-pool spark-spot"
            + " --enable-autoscaling --total-min-nodes 0 --total-max-nodes 117",
        "gcloud container clusters update analytics --location us-central1 --node-pool spark-on-demand"
            + " --enable-autoscaling --total-min-nodes 0 --total-max-nodes 118",
        "gcloud container clusters update analytics --location us-central1 --autoscaling-profile"
            + " optimize-utilization");
  }

  @Test
  void gkeChangesNothingWhenACheckFails() throws Exception {
    Path script = gkeScript("--max-nodes", "20");
    zones("us-central1-a", "us-central1-b");
    Files.delete(dir.resolve("state/types/us-central1-b/n2-standard-16"));
    Run missingType = run(script);
    assertThat(missingType.exitCode()).isNotZero();
    assertThat(missingType.changes()).isEmpty();

    zones("us-central1-a", "us-central1-b");
    Files.writeString(dir.resolve("state/pools/spark-spot"), "n2-standard-16\n\n"); // same name, not spot
    Run wrongPool = run(script);
    assertThat(wrongPool.exitCode()).isNotZero();
    assertThat(wrongPool.output()).contains("node pool spark-spot exists as n2-standard-16 (spot: False)");
    assertThat(wrongPool.changes()).isEmpty();
  }

  @Test
  void gkeRunAgainAfterAFailedCreateFinishesTheJob() throws Exception {
    Path script = gkeScript("--max-nodes", "20");
    zones("us-central1-a");
    Files.writeString(dir.resolve("state/fail"), "node-pools create spark-on-demand");
    Run failed = run(script);
    assertThat(failed.exitCode()).isNotZero();
    assertThat(failed.changes()).hasSize(2).noneMatch(c -> c.contains("--autoscaling-profile"));
    Files.delete(dir.resolve("state/fail"));
    Run second = run(script);
    assertThat(second.exitCode()).as(second.output()).isZero();
    assertThat(second.changes()).extracting(c -> c.replaceAll(" --location.*", ""))
        .containsExactly("gcloud container clusters update analytics",
            "gcloud container node-pools create spark-on-demand --cluster analytics",
            "gcloud container clusters update analytics");
  }

  @Test
  void aksNeedsTheConfigMapBeforeItChangesAnything() throws Exception {
    Path script = aksScript("--data-size", "1TB");
    Files.writeString(dir.resolve("state/skus/Standard_D16s_v5"), "");
    Run noConfigMap = run(script);
    assertThat(noConfigMap.exitCode()).isNotZero();
    assertThat(noConfigMap.changes()).isEmpty();

    Files.writeString(dir.resolve("state/configmap"), "");
    Run first = run(script);
    assertThat(first.exitCode()).as(first.output()).isZero();
    assertThat(first.changes()).hasSize(3);
    assertThat(first.changes().get(0)).startsWith("az aks nodepool add ").contains("--name sparkspot",
        "--priority Spot", "--node-count 0", "--enable-cluster-autoscaler --min-count 0 --max-count 117");
    assertThat(first.changes().get(1)).contains("--name sparkdemand", "--max-count 118").doesNotContain("Spot");
    assertThat(first.changes().get(2)).startsWith("az aks update ").contains("expander=priority");
  }

  @Test
  void aksUpdatesExistingPoolsTheWayAzAcceptsForTheirAutoscalerState() throws Exception {
    Path script = aksScript("--max-nodes", "20");
    Files.writeString(dir.resolve("state/skus/Standard_D16s_v5"), "");
    Files.writeString(dir.resolve("state/configmap"), "");
    Files.writeString(dir.resolve("state/pools/sparkspot"), "Standard_D16s_v5\nspot\non\n");
    Files.writeString(dir.resolve("state/pools/sparkdemand"), "Standard_D16s_v5\nregular\noff\n");
    Run r = run(script);
    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.changes()).hasSize(3);
    assertThat(r.changes().get(0)).contains("--name sparkspot --update-cluster-autoscaler --min-count 0 --max-count 20");
    assertThat(r.changes().get(1)).contains("--name sparkdemand --enable-cluster-autoscaler --min-count 0 --max-count 20");
    assertThat(Files.readString(dir.resolve("state/pools/sparkdemand"))).endsWith("on\n");

    Files.delete(dir.resolve("state/skus/Standard_D16s_v5"));
    Run notOffered = run(script);
    assertThat(notOffered.exitCode()).isNotZero();
    assertThat(notOffered.output()).contains("Standard_D16s_v5 is not offered in eastus");
    assertThat(notOffered.changes()).isEmpty();
  }

  @Test
  void machineTypesAreTheClouds() {
    Result aws = Cli.run("render", "cluster-autoscaler", "--cloud", "gcp", "--cluster-name", "a", "--location",
        "us-central1", "--max-nodes", "5", "--node-type", "r5.4xlarge");
    assertThat(aws.exitCode()).isEqualTo(2);
    assertThat(aws.err()).contains("--node-type: 'r5.4xlarge' is a node type of --cloud aws, not gcp");
    Result unknown = Cli.run("render", "cluster-autoscaler", "--cloud", "azure", "--cluster-name", "a",
        "--resource-group", "rg", "--max-nodes", "5", "--node-type", "Standard_D16s_v9");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("--node-type: unknown node type 'Standard_D16s_v9'");
    Result custom = Cli.run("render", "cluster-autoscaler", "--cloud", "gcp", "--cluster-name", "a", "--location",
        "us-central1", "--data-size", "1TB", "--node-cores", "16", "--node-memory", "64g");
    assertThat(custom.exitCode()).isEqualTo(2);
    assertThat(custom.err()).contains("--node-type: required for the node pools");
  }

  @Test
  void thePoolsCeilingComesFromThePlanOrIsGiven() {
    Result none = Cli.run("render", "cluster-autoscaler", "--cloud", "gcp", "--cluster-name", "a", "--location",
        "us-central1");
    assertThat(none.exitCode()).isEqualTo(2);
    assertThat(none.err()).contains("--data-size: required with --cloud gcp");
    Result plan = Cli.run("rightsize", "--data-size", "5TB", "--cloud", "gcp", "--executor-preset", "large",
        "--format", "json");
    int nodes = io.sparkscale.render.Yaml.read(plan.out()).at("/cluster/nodes").asInt();
    Result sized = Cli.run("render", "cluster-autoscaler", "--cloud", "gcp", "--cluster-name", "a", "--location",
        "us-central1", "--data-size", "5TB", "--executor-preset", "large");
    assertThat(sized.exitCode()).as(sized.err()).isZero();
    assertThat(sized.out()).contains("--total-max-nodes " + nodes + "\n", "--total-max-nodes " + (nodes + 1) + "\n");
    Result capped = Cli.run("render", "cluster-autoscaler", "--cloud", "gcp", "--cluster-name", "a", "--location",
        "us-central1", "--data-size", "5TB", "--max-nodes", "12");
    assertThat(capped.out()).contains("--total-max-nodes 12\n", "--total-max-nodes 13\n");
    // Sizing flags without a plan, or on aws where node groups are made elsewhere, would do nothing: refused.
    for (String[] args : List.of(
        new String[] {"--cloud", "gcp", "--cluster-name", "a", "--location", "l", "--max-nodes", "3",
            "--executor-preset", "large"},
        new String[] {"--cloud", "aws", "--data-size", "1TB"},
        new String[] {"--cloud", "aws", "--region", "us-east-1"},
        new String[] {"--cloud", "gcp", "--cluster-name", "a", "--region", "us-central1", "--max-nodes", "3"})) {
      Result bad = Cli.run(java.util.stream.Stream.concat(java.util.stream.Stream.of("render", "cluster-autoscaler"),
          java.util.Arrays.stream(args)).toArray(String[]::new));
      assertThat(bad.exitCode()).as(String.join(" ", args) + ": " + bad.err()).isEqualTo(2);
      assertThat(bad.err().strip().lines()).hasSize(1);
    }
  }

  private Path gkeScript(String... sizing) throws IOException {
    return script(Cli.run(concat(new String[] {"render", "cluster-autoscaler", "--cloud", "gcp", "--cluster-name",
        "analytics", "--location", "us-central1"}, sizing)));
  }

  private Path aksScript(String... sizing) throws IOException {
    Result r = Cli.run(concat(new String[] {"render", "cluster-autoscaler", "--cloud", "azure", "--cluster-name",
        "analytics", "--resource-group", "rg-data"}, sizing));
    assertThat(r.exitCode()).as(r.err()).isZero();
    // The ConfigMap comes first, the script second.
    String[] parts = r.out().split("\n---\n");
    assertThat(parts[0]).contains("kind: ConfigMap");
    return script(new Result(0, parts[1].replaceFirst("^# file: [^\n]*\n", ""), ""));
  }

  private Path script(Result r) throws IOException {
    assertThat(r.exitCode()).as(r.err()).isZero();
    Path state = dir.resolve("state");
    Files.createDirectories(state.resolve("pools"));
    Files.createDirectories(state.resolve("skus"));
    Path bin = Files.createDirectories(dir.resolve("bin"));
    executable(bin.resolve("gcloud"), GCLOUD);
    executable(bin.resolve("az"), AZ);
    executable(bin.resolve("kubectl"), KUBECTL);
    Path script = dir.resolve("setup.sh");
    Files.writeString(script, r.out());
    return script;
  }

  private void zones(String... zones) throws IOException {
    Files.writeString(dir.resolve("state/zones"), String.join("\n", zones) + "\n");
    for (String zone : zones) {
      Path type = dir.resolve("state/types/" + zone + "/n2-standard-16");
      Files.createDirectories(type.getParent());
      Files.writeString(type, "");
    }
  }

  private static void executable(Path file, String text) throws IOException {
    Files.writeString(file, text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  record Run(int exitCode, String output, String log) {
    /** The calls that change the cluster, in order. */
    List<String> changes() {
      return log.lines().filter(l -> l.matches("gcloud container (node-pools create|clusters update) .*")
          || l.matches("az aks (nodepool add|nodepool update|update) .*")).toList();
    }
  }

  private Run run(Path script) throws Exception {
    Path log = dir.resolve("state/log");
    Files.deleteIfExists(log);
    Files.createFile(log);
    ProcessBuilder pb = new ProcessBuilder("/bin/sh", script.toString()).redirectErrorStream(true);
    pb.environment().put("PATH", dir.resolve("bin") + ":" + System.getenv("PATH"));
    pb.environment().put("STATE", dir.resolve("state").toString());
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the script finished within 60 s").isTrue();
    return new Run(p.exitValue(), output, Files.readString(log));
  }

  private static String[] concat(String[] a, String[] b) {
    return java.util.stream.Stream.concat(java.util.Arrays.stream(a), java.util.Arrays.stream(b))
        .toArray(String[]::new);
  }
}
