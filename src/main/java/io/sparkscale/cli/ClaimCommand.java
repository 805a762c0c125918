package io.sparkscale.cli;

import io.sparkscale.claim.BatchLimits;
import io.sparkscale.claim.ClaimRequest;
import io.sparkscale.claim.Claimer;
import io.sparkscale.claim.Manifest;
import io.sparkscale.claim.StoreAddress;
import io.sparkscale.cli.render.OutputOption;
import io.sparkscale.render.PlanFormat;
import io.sparkscale.render.PlanWriter;
import io.sparkscale.s3.S3ClaimStore;
import io.sparkscale.sizing.Sizer;
import io.sparkscale.sizing.SizingPlan;
import io.sparkscale.trigger.ServerDefaults;
import io.sparkscale.trigger.TriggerKeys;
import io.sparkscale.units.Durations;
import io.sparkscale.units.InvalidInputException;
import io.sparkscale.units.Sizes;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * `sparkscale claim`: takes a batch of pending objects for one Job, so no two Jobs process the same file;
 * `--complete`, `--release` and `--finish` end a batch. The protocol is {@link Claimer}'s; docs/keda.md
 * tells how a ScaledJob uses it.
 */
@Command(
    name = "claim",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Claim a batch of pending S3 objects for one Job, each object by exactly one claim, and size the Job"
          + " from the batch.",
      "Writes batch.json (the manifest), batch.txt (s3a:// URIs, one a line) and spark-defaults.conf to"
          + " --output-dir.",
      "End a batch with --complete MANIFEST (deletes its objects), --release MANIFEST (gives them back), or"
          + " --finish MANIFEST --outcome FILE (either, by the exit code spark-submit wrote to FILE).",
      "Example: sparkscale claim --bucket landing --prefix incoming/ --batch-objects 20 --cloud aws"
    })
public class ClaimCommand implements Callable<Integer> {

  static final String DEFAULT_DIR = "/etc/sparkscale";
  static final String MANIFEST_FILE = "batch.json";
  static final String URI_FILE = "batch.txt";
  static final String CONF_FILE = "spark-defaults.conf";
  /** Lines of URIs printed before "... and N more". */
  static final int PRINTED_URIS = 20;
  static final Duration OUTCOME_POLL = Duration.ofSeconds(2);

  @Spec CommandSpec spec;

  @Option(names = "--bucket", paramLabel = "B", description = "Bucket to claim from (required to claim).")
  String bucket;

  @Option(names = "--prefix", paramLabel = "P", description = "Key prefix of the pending data.")
  String prefix;

  @Option(names = "--suffix", paramLabel = "S", description = "Claim only keys ending with S (as the trigger's).")
  String suffix;

  @Option(names = "--min-object-age", paramLabel = "DURATION",
      description = "Claim only objects at least this old (as the trigger's minObjectAge).")
  String minObjectAge;

  @Option(names = "--batch-objects", paramLabel = "N", description = "At most N objects (the trigger's"
      + " targetObjectCount: one Job per KEDA queue item).")
  Long batchObjects;

  @Option(names = "--batch-bytes", paramLabel = "SIZE", description = "At most SIZE bytes, e.g. 50GB (the"
      + " trigger's targetBytes); one larger object is a batch of its own.")
  String batchBytes;

  @Option(names = "--claims-prefix", paramLabel = "PREFIX", description = "Where markers live (default:"
      + " sparkscale-claims/ followed by --prefix). The trigger's claimsPrefix must be the same.")
  String claimsPrefix;

  @Option(names = "--lease", paramLabel = "DURATION", description = "How long a claim holds its objects; after"
      + " it another Job takes them over. Longer than one batch's longest run. Default: 2h.")
  String lease;

  @Option(names = "--scan-limit", paramLabel = "N", defaultValue = "100000",
      description = "Consider at most N pending keys (oldest of these first). Default: ${DEFAULT-VALUE}.")
  long scanLimit;

  @Option(names = "--uri-scheme", paramLabel = "s3a|s3", defaultValue = "s3a",
      description = "Scheme of the URIs Spark reads: s3a (Hadoop S3A) or s3 (EMRFS). Default: ${DEFAULT-VALUE}.")
  String uriScheme;

  @Option(names = "--force-path-style", description = "Path-style addressing (default with --s3-endpoint).")
  Boolean forcePathStyle;

  @Option(names = "--output-dir", paramLabel = "DIR", defaultValue = DEFAULT_DIR,
      description = "Where batch.json, batch.txt and spark-defaults.conf go. Default: ${DEFAULT-VALUE}.")
  Path outputDir;

  @Option(names = "--complete", paramLabel = "MANIFEST",
      description = "After success: delete the batch's objects, then its markers.")
  Path complete;

  @Option(names = "--release", paramLabel = "MANIFEST",
      description = "After a failure: remove the batch's markers; its objects are claimed again.")
  Path release;

  @Option(names = "--finish", paramLabel = "MANIFEST",
      description = "Wait for --outcome FILE, then --complete if it holds 0, else --release.")
  Path finish;

  @Option(names = "--outcome", paramLabel = "FILE",
      description = "With --finish: the file spark-submit's exit code is written to.")
  Path outcome;

  @Mixin RightsizeOptions sizing;

  @Mixin VerboseOption verbose;

  private final Clock clock = Clock.systemUTC();

  @Override
  public Integer call() throws IOException, InterruptedException {
    int modes = (complete != null ? 1 : 0) + (release != null ? 1 : 0) + (finish != null ? 1 : 0);
    if (modes > 1) {
      throw new InvalidInputException("--complete/--release/--finish: give one of them");
    }
    if (outcome != null && finish == null) {
      throw new InvalidInputException("--outcome: only applies with --finish");
    }
    if (modes == 1 && bucket != null) {
      throw new InvalidInputException("--bucket: not used with --complete/--release/--finish; the manifest says"
          + " where the batch is");
    }
    if (complete != null) {
      return complete(readManifest(complete));
    }
    if (release != null) {
      return release(readManifest(release));
    }
    if (finish != null) {
      return finish(readManifest(finish));
    }
    return claim();
  }

  private int claim() throws IOException {
    ClaimRequest request = request();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Claimer.Result result;
    try (S3ClaimStore store = new S3ClaimStore(request.store(), null)) {
      result = new Claimer(store, clock).claim(request);
    }
    Manifest manifest = result.manifest();
    Files.createDirectories(outputDir);
    OutputOption.writeAtomically(outputDir.resolve(URI_FILE), manifest.uriLines());
    OutputOption.writeAtomically(outputDir.resolve(CONF_FILE), sparkDefaults(manifest, err));
    // Last: the manifest's presence means the batch is fully written.
    OutputOption.writeAtomically(outputDir.resolve(MANIFEST_FILE), manifest.toJson());
    if (manifest.isEmpty()) {
      out.println("nothing to claim under s3://" + request.store().bucket() + "/" + request.prefix()
          + (result.heldByOthers() > 0 ? " (" + result.heldByOthers() + " pending keys held by other claims)" : ""));
    } else {
      out.println("claimed " + manifest.objects().size() + " objects (" + Sizes.humanBytes(manifest.bytes())
          + ") as " + manifest.claimId() + ", lease until " + manifest.expiresAt().truncatedTo(ChronoUnit.SECONDS)
          + (result.takenOver() > 0 ? ", " + result.takenOver() + " taken over from expired claims" : "") + ":");
      List<String> uris = manifest.uris();
      uris.stream().limit(PRINTED_URIS).forEach(uri -> out.println("  " + uri));
      if (uris.size() > PRINTED_URIS) {
        out.println("  ... and " + (uris.size() - PRINTED_URIS) + " more (" + outputDir.resolve(URI_FILE) + ")");
      }
      out.println("URI list for the driver: " + manifest.uriList());
    }
    out.println("wrote " + outputDir.resolve(MANIFEST_FILE) + ", " + URI_FILE + ", " + CONF_FILE);
    out.flush();
    if (result.scanLimitReached()) {
      err.println("warning: more than " + scanLimit + " pending keys; this batch is the oldest of the first "
          + scanLimit + " in key order (raise --scan-limit)");
    }
    result.unclaimable().forEach(key -> err.println("warning: not claimed (key too long for a marker): " + key));
    err.flush();
    return 0;
  }

  /** Sized from the batch's bytes with rightsize's core, plus where the driver finds the batch. */
  private String sparkDefaults(Manifest manifest, PrintWriter err) {
    StringBuilder conf = new StringBuilder();
    if (!manifest.isEmpty()) {
      SizingPlan plan = new Sizer().plan(sizing.toRequest(Math.max(1, manifest.bytes())));
      conf.append(PlanWriter.sparkDefaults(plan));
      RightsizeCommand.warnOnStderr(plan, PlanFormat.SPARK_CONF, err);
      conf.append("spark.sparkscale.batch.uriList ").append(manifest.uriList()).append('\n');
    }
    conf.append("spark.sparkscale.batch.id ").append(manifest.claimId()).append('\n');
    conf.append("spark.sparkscale.batch.objects ").append(manifest.objects().size()).append('\n');
    conf.append("spark.sparkscale.batch.bytes ").append(manifest.bytes()).append('\n');
    return conf.toString();
  }

  private ClaimRequest request() {
    if (bucket == null) {
      throw new InvalidInputException("--bucket: required to claim; or end a batch with --complete, --release or"
          + " --finish");
    }
    // The trigger's own rules for the values the trigger and the claim share, errors naming the flags.
    TriggerKeys.BUCKET.reader().read("--bucket", bucket);
    if (prefix != null) {
      TriggerKeys.PREFIX.reader().read("--prefix", prefix);
    }
    if (suffix != null) {
      TriggerKeys.SUFFIX.reader().read("--suffix", suffix);
    }
    if (sizing.dataSize() != null) {
      throw new InvalidInputException("--data-size: not used by claim; the Job is sized from its batch's bytes");
    }
    // Check the sizing flags before anything is claimed, so a typo claims nothing.
    sizing.toRequest(1);
    String endpoint = sizing.s3Endpoint == null ? "" : ServerDefaults.normalizeEndpoint("--s3-endpoint", sizing.s3Endpoint);
    StoreAddress address = new StoreAddress(bucket, endpoint, sizing.region,
        forcePathStyle != null ? forcePathStyle : !endpoint.isEmpty());
    BatchLimits limits = new BatchLimits(batchObjects,
        batchBytes == null ? null : Sizes.parseDataBytes("--batch-bytes", batchBytes));
    return new ClaimRequest(address, prefix, suffix,
        minObjectAge == null ? null : TriggerKeys.MIN_OBJECT_AGE.reader().read("--min-object-age", minObjectAge),
        claimsPrefix, lease == null ? null : Durations.parse("--lease", lease), limits, scanLimit, uriScheme);
  }

  private int complete(Manifest manifest) {
    return end(manifest, "complete", "completed", "deleted with their markers", Claimer::complete,
        "processed by this batch but held by another claim now: they may be processed twice");
  }

  private int release(Manifest manifest) {
    return end(manifest, "release", "released", "they will be claimed again", Claimer::release,
        "already held by another claim");
  }

  private int end(Manifest manifest, String verb, String done, String what,
      BiFunction<Claimer, Manifest, Claimer.Outcome> step, String lostWhat) {
    PrintWriter out = spec.commandLine().getOut();
    if (manifest.isEmpty()) {
      out.println("nothing to " + verb + ": batch " + manifest.claimId() + " is empty");
      return 0;
    }
    Claimer.Outcome outcome;
    try (S3ClaimStore store = new S3ClaimStore(manifest.store(), null)) {
      outcome = step.apply(new Claimer(store, clock), manifest);
    }
    out.println(done + " " + outcome.done() + " of " + manifest.objects().size() + " objects of "
        + manifest.claimId() + ": " + what);
    return reportLost(outcome, lostWhat);
  }

  private int reportLost(Claimer.Outcome done, String what) {
    spec.commandLine().getOut().flush();
    if (done.lost().isEmpty()) {
      return 0;
    }
    PrintWriter err = spec.commandLine().getErr();
    err.println("sparkscale claim: error: " + done.lost().size() + " objects " + what + "; raise --lease");
    done.lost().forEach(line -> err.println("  " + line));
    err.flush();
    return CommandLineSetup.EXIT_RUNTIME_FAILURE;
  }

  /**
   * Waits for spark-submit's exit code, until the lease ends: after that the batch is no longer this Job's
   * to end, and other Jobs take it over.
   */
  private int finish(Manifest manifest) throws IOException, InterruptedException {
    if (outcome == null) {
      throw new InvalidInputException("--finish: needs --outcome FILE, where spark-submit's exit code is written");
    }
    if (manifest.isEmpty()) {
      return complete(manifest); // nothing was submitted: nothing to wait for
    }
    while (!Files.exists(outcome)) {
      if (!clock.instant().isBefore(manifest.expiresAt())) {
        spec.commandLine().getErr().println("sparkscale claim: error: no outcome in " + outcome + " before the lease"
            + " of " + manifest.claimId() + " ended at " + manifest.expiresAt() + "; other Jobs take the batch over");
        return CommandLineSetup.EXIT_RUNTIME_FAILURE;
      }
      Thread.sleep(OUTCOME_POLL.toMillis());
    }
    String code = Files.readString(outcome).strip();
    if (code.equals("0")) {
      return complete(manifest);
    }
    spec.commandLine().getOut().println("spark-submit exited with " + code + ": releasing the batch");
    return release(manifest);
  }

  private static Manifest readManifest(Path file) {
    try {
      return Manifest.parse(Files.readString(file), file.toString());
    } catch (IOException e) {
      throw new InvalidInputException(file + ": cannot read the manifest (" + e.getMessage() + ")");
    } catch (UncheckedIOException e) {
      throw new InvalidInputException(file + ": cannot read the manifest (" + e.getCause().getMessage() + ")");
    }
  }
}
