package io.sparkscale.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkscale.backlog.CountKey;
import io.sparkscale.tenancy.AccessDeniedException;
import io.sparkscale.testkit.Await;
import io.sparkscale.units.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The policy file as Kubernetes mounts a ConfigMap: a symlink to ..data, swapped to a new directory. */
class TenantPolicyFileTest {

  static final String TEAM_A = "namespaces:\n  team-a:\n    - s3://lake-a/\n";
  static final String TEAM_B = "namespaces:\n  team-b:\n    - s3://lake-b/in/\n";

  @TempDir Path mount;
  final AtomicInteger refused = new AtomicInteger();

  static CountKey key(String bucket, String prefix) {
    return new CountKey("", "", false, bucket, prefix, "", Duration.ZERO, 100);
  }

  /** Writes a new ..2026_N directory and swaps ..data to it by renaming a symlink, as the kubelet does. */
  void publish(String content, int version) throws Exception {
    Path dir = Files.createDirectory(mount.resolve("..v" + version));
    Files.writeString(dir.resolve("policy.yaml"), content);
    Path next = Files.createSymbolicLink(mount.resolve("..data_tmp"), dir.getFileName());
    Files.move(next, mount.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    if (!Files.exists(mount.resolve("policy.yaml"), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      Files.createSymbolicLink(mount.resolve("policy.yaml"), Path.of("..data/policy.yaml"));
    }
  }

  @Test
  void aSwappedConfigMapIsReloadedAndABadVersionIsIgnored() throws Exception {
    publish(TEAM_A, 1);
    try (TenantPolicyFile file = TenantPolicyFile.start(mount.resolve("policy.yaml"), Duration.ofHours(1),
        refused::incrementAndGet, Clock.systemUTC())) {
      assertThatCode(() -> file.gate().admit("team-a", key("lake-a", ""))).doesNotThrowAnyException();

      publish(TEAM_B, 2);
      file.check();
      assertThatThrownBy(() -> file.gate().admit("team-a", key("lake-a", ""))).isInstanceOf(AccessDeniedException.class);
      assertThatCode(() -> file.gate().admit("team-b", key("lake-b", "in/x"))).doesNotThrowAnyException();

      publish("namespaces:\n  team-b: [s3://Not_A_Bucket/]\n", 3);
      file.check();
      file.check(); // the same bad version is reported once
      assertThat(refused).hasValue(1);
      assertThatCode(() -> file.gate().admit("team-b", key("lake-b", "in/x")))
          .as("the last good policy stays").doesNotThrowAnyException();
      assertThat(file.gate().describe()).contains("1 namespace(s)").contains("last reload refused")
          .contains("namespaces.team-b[0]").doesNotContain("\n");

      publish(TEAM_A, 4);
      file.check();
      assertThatCode(() -> file.gate().admit("team-a", key("lake-a", ""))).doesNotThrowAnyException();
      assertThat(file.gate().describe()).doesNotContain("refused");
    }
  }

  @Test
  void thePollerNoticesAChangeWithinAFewChecks() throws Exception {
    publish(TEAM_A, 1);
    try (TenantPolicyFile file = TenantPolicyFile.start(mount.resolve("policy.yaml"), Duration.ofMillis(50),
        refused::incrementAndGet, Clock.systemUTC())) {
      publish(TEAM_B, 2);
      Await.until("the poller to load the changed file", () -> file.gate().policy().namespaces().keySet(),
          namespaces -> !namespaces.contains("team-a"));
      assertThat(file.gate().policy().namespaces()).containsOnlyKeys("team-b");
    }
  }

  @Test
  void aBadFileIsRefusedAtStartWithOneLine() throws Exception {
    Path file = mount.resolve("bad.yaml");
    for (String content : new String[] {"namespaces: [", "namespaces:\n  team-a: s3://lake-a/\n",
        "teams:\n  a: []\n", "", "namespaces:\n  team-a: [s3://a-1/]\n  team-a: [s3://b-1/]\n"}) {
      Files.writeString(file, content);
      assertThatThrownBy(() -> TenantPolicyFile.start(file, Duration.ofHours(1), refused::incrementAndGet,
          Clock.systemUTC()))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageStartingWith("--tenant-policy: " + file + ": ")
          .satisfies(e -> assertThat(e.getMessage()).as(content).doesNotContain("\n"));
    }
    assertThatThrownBy(() -> TenantPolicyFile.start(mount.resolve("missing.yaml"), Duration.ofHours(1),
        refused::incrementAndGet, Clock.systemUTC()))
        .hasMessageContaining("cannot read it");
  }
}
