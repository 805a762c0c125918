package io.sparkscale.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sparkscale.tenancy.TenantGate;
import io.sparkscale.tenancy.TenantPolicy;
import io.sparkscale.units.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * `serve --tenant-policy FILE`: reads the policy at start (a bad file stops the server before it binds)
 * and then re-reads the file every few seconds, swapping the policy when the content changed. The content
 * is compared rather than waited on with a file watcher: a mounted ConfigMap changes by a symlink swap
 * that watchers on the file itself do not see. A bad new version is logged once, counted, and ignored: the
 * last good policy stays in force.
 */
final class TenantPolicyFile implements AutoCloseable {

  static final Duration CHECK_EVERY = Duration.ofSeconds(2);
  /** A policy for thousands of namespaces is far smaller; a bigger file is a mistake. */
  static final int MAX_BYTES = 1 << 20;
  private static final String OPTION = "--tenant-policy";
  private static final Logger LOG = Logger.getLogger(TenantPolicyFile.class);
  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory()).enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private final Path file;
  private final TenantGate gate;
  private final Runnable onRefused;
  private final Clock clock;
  private final ScheduledExecutorService checks;
  private byte[] lastSeen;

  private TenantPolicyFile(Path file, TenantGate gate, byte[] loaded, Runnable onRefused, Clock clock) {
    this.file = file;
    this.gate = gate;
    this.lastSeen = loaded;
    this.onRefused = onRefused;
    this.clock = clock;
    this.checks = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "sparkscale-tenant-policy");
      thread.setDaemon(true);
      return thread;
    });
  }

  /**
   * Loads the file and starts re-reading it every {@code every}.
   *
   * @throws InvalidInputException one line naming the file and what is wrong in it
   * @param onRefused called once per refused new version (the reload-failure metric)
   */
  static TenantPolicyFile start(Path file, Duration every, Runnable onRefused, Clock clock) {
    byte[] content = readBytes(file);
    TenantGate gate = new TenantGate(parse(file, content), clock.instant());
    TenantPolicyFile watcher = new TenantPolicyFile(file, gate, content, onRefused, clock);
    watcher.checks.scheduleWithFixedDelay(watcher::checkQuietly, every.toMillis(), every.toMillis(),
        TimeUnit.MILLISECONDS);
    return watcher;
  }

  TenantGate gate() {
    return gate;
  }

  /** Re-reads the file; swaps the policy if it changed and is good. Also run by tests directly. */
  synchronized void check() {
    byte[] content;
    try {
      content = readBytes(file);
    } catch (InvalidInputException e) {
      refuse(null, e.getMessage());
      return;
    }
    if (Arrays.equals(content, lastSeen)) {
      return;
    }
    lastSeen = content;
    try {
      TenantPolicy policy = parse(file, content);
      gate.replace(policy, clock.instant());
      LOG.infof("tenant policy reloaded from %s: %d namespace(s)", file, policy.namespaces().size());
    } catch (InvalidInputException e) {
      refuse(content, e.getMessage());
    }
  }

  @Override
  public void close() {
    checks.shutdownNow();
  }

  private void refuse(byte[] content, String why) {
    if (content == null && lastSeen == null) {
      return; // still unreadable: already reported
    }
    lastSeen = content;
    gate.refused(why);
    onRefused.run();
    LOG.warnf("tenant policy reload refused, keeping the policy in force: %s", why);
  }

  private void checkQuietly() {
    try {
      check();
    } catch (RuntimeException e) { // a periodic task that throws is never run again
      LOG.errorf(e, "checking %s failed", file);
    }
  }

  private static byte[] readBytes(Path file) {
    try {
      if (Files.size(file) > MAX_BYTES) {
        throw new InvalidInputException(
            OPTION + ": " + file + ": larger than " + MAX_BYTES + " bytes; a policy is a short YAML file");
      }
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new InvalidInputException(OPTION + ": " + file + ": cannot read it (" + e + ")");
    }
  }

  static TenantPolicy parse(Path file, byte[] content) {
    Object document;
    try {
      document = YAML.readValue(content, Object.class);
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
      throw new InvalidInputException(OPTION + ": " + file + ": not YAML" + where + ": " + oneLine(e.getOriginalMessage()));
    } catch (IOException e) {
      throw new InvalidInputException(OPTION + ": " + file + ": cannot read it (" + e + ")");
    }
    try {
      return TenantPolicy.fromTree(document);
    } catch (InvalidInputException e) {
      throw new InvalidInputException(OPTION + ": " + file + ": " + e.getMessage());
    }
  }

  /** Parser messages may quote the file over several lines; the error is one line. */
  private static String oneLine(String message) {
    String flat = Objects.requireNonNullElse(message, "").replaceAll("\\s+", " ").strip();
    return flat.length() > 200 ? flat.substring(0, 200) + "..." : flat;
  }
}
