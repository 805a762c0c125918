package io.sparkscale.cli.simulate;

import io.sparkscale.backlog.BacklogUnavailableException;
import io.sparkscale.cli.Standalone;
import io.sparkscale.s3.S3Arrivals;
import io.sparkscale.s3.S3BacklogSource;
import io.sparkscale.s3.S3Settings;
import io.sparkscale.simulate.ArrivalSource;
import io.sparkscale.simulate.arrivals.CsvArrivals;
import io.sparkscale.simulate.arrivals.PatternArrivals;
import io.sparkscale.simulate.arrivals.PatternSpec;
import io.sparkscale.trigger.S3Location;
import io.sparkscale.trigger.ServerDefaults;
import io.sparkscale.trigger.TriggerParser;
import io.sparkscale.units.Durations;
import io.sparkscale.units.InvalidInputException;
import io.sparkscale.units.SafeText;
import io.sparkscale.units.Sizes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** Where the arrivals come from: a CSV file, an S3 prefix's LastModified times, or a seeded pattern. */
public class ArrivalOptions implements Standalone {

  @Option(names = "--arrivals", paramLabel = "FILE.csv|s3://B/P",
      description = "A CSV with the header time,objects,bytes (time ISO-8601 or seconds from the start), or"
          + " s3://bucket/prefix: the objects there now, each arriving at its LastModified (a lower bound).")
  String arrivals;

  @Option(names = "--pattern", paramLabel = "SPEC", description = "Synthetic arrivals: steady:rate=10/s,"
      + " poisson:rate=10/s, burst:every=1h,objects=5000 or diurnal:peak=50/s,trough=1/s (docs/simulate.md).")
  String pattern;

  @Option(names = "--seed", paramLabel = "N", description = "Seed of a random --pattern. Default: 1.")
  Long seed;

  @Option(names = "--object-size", paramLabel = "SIZE", description = "Bytes of one object for --pattern (or a"
      + " CSV without a bytes column), e.g. 128MB; needed when bytes matter.")
  String objectSize;

  @Option(names = "--duration", paramLabel = "DURATION",
      description = "How long arrivals are replayed, e.g. 24h. Default: 24h for --pattern, the whole file else.")
  String duration;

  static final Duration DEFAULT_PATTERN_DURATION = Duration.ofHours(24);

  /** Arrivals read from S3 need the SDK's client and its logging, which Quarkus sets up (see cli.Main). */
  @Override
  public boolean standalone() {
    return arrivals == null || !S3Location.looksLike(arrivals);
  }

  /** The arrivals, opened; the caller closes them. */
  public record Opened(ArrivalSource source, Duration duration, String description) implements AutoCloseable {
    @Override
    public void close() {
      source.close();
    }
  }

  /** Checks the flags without reading anything, so every flag is checked before a slow listing. */
  public void check(boolean bytesNeeded) {
    if ((arrivals == null) == (pattern == null)) {
      throw new InvalidInputException("--arrivals/--pattern: give one of them, e.g. --pattern steady:rate=10/s or"
          + " --arrivals arrivals.csv");
    }
    if (duration != null) {
      Durations.parsePositive("--duration", duration);
    }
    if (pattern != null) {
      PatternSpec.parse("--pattern", pattern);
      if (bytesNeeded && objectSize == null) {
        throw new InvalidInputException("--object-size: required with --pattern when bytes matter (a bytes"
            + " trigger or a bytes --throughput); give the size of one object, e.g. 128MB");
      }
    } else if (seed != null) {
      throw new InvalidInputException("--seed: applies to --pattern only");
    }
    if (objectSize != null) {
      if (arrivals != null && S3Location.looksLike(arrivals)) {
        throw new InvalidInputException("--object-size: does not apply to s3:// arrivals, whose objects have sizes");
      }
      Sizes.parseDataBytes("--object-size", objectSize);
    }
  }

  public Opened open(boolean bytesNeeded, String region, String endpoint) {
    check(bytesNeeded);
    Duration limit = duration == null ? null : Durations.parsePositive("--duration", duration);
    long size = objectSize == null ? 0 : Sizes.parseDataBytes("--object-size", objectSize);
    if (pattern != null) {
      PatternSpec spec = PatternSpec.parse("--pattern", pattern);
      Duration length = limit == null ? DEFAULT_PATTERN_DURATION : limit;
      long theSeed = seed == null ? 1 : seed;
      return new Opened(new PatternArrivals(spec, length, size, theSeed), length,
          spec.describe() + " for " + Durations.format(length) + ", seed " + theSeed
              + (size > 0 ? ", objects of " + Sizes.humanBytes(size) : ""));
    }
    if (S3Location.looksLike(arrivals)) {
      return fromS3(limit, region, endpoint);
    }
    return fromCsv(Path.of(arrivals), limit, size, bytesNeeded);
  }

  private Opened fromCsv(Path file, Duration limit, long size, boolean bytesNeeded) {
    InputStream reader;
    try {
      reader = Files.newInputStream(file);
    } catch (NoSuchFileException e) {
      throw new InvalidInputException("--arrivals: '" + SafeText.quote(file.toString()) + "' does not exist; give"
          + " a CSV file or s3://bucket/prefix");
    } catch (IOException e) {
      throw new InvalidInputException("--arrivals: cannot read '" + SafeText.quote(file.toString()) + "': "
          + e.getMessage());
    }
    CsvArrivals csv;
    try {
      csv = new CsvArrivals(reader, "--arrivals", file.toString(), size);
    } catch (RuntimeException e) {
      closeQuietly(reader);
      throw e;
    }
    if (csv.hasBytesColumn() && objectSize != null) {
      csv.close();
      throw new InvalidInputException("--object-size: the file gives each row's bytes; drop --object-size");
    }
    if (!csv.hasBytesColumn() && bytesNeeded && objectSize == null) {
      csv.close();
      throw new InvalidInputException("--object-size: required: " + file + " has no bytes column and bytes matter"
          + " (a bytes trigger or a bytes --throughput); give the size of one object, e.g. 128MB");
    }
    return new Opened(csv, limit, file + (limit == null ? "" : ", first " + Durations.format(limit)));
  }

  private Opened fromS3(Duration limit, String region, String endpoint) {
    S3Location location = S3Location.parse("--arrivals", arrivals);
    ServerDefaults defaults = new ServerDefaults(endpoint, region, endpoint != null, List.of());
    var key = new TriggerParser(defaults).parse(Map.of("bucket", location.bucket(), "prefix", location.prefix()))
        .key();
    S3Arrivals listed;
    try (S3BacklogSource source = new S3BacklogSource(S3Settings.defaults())) {
      listed = S3Arrivals.list(source, key);
    } catch (BacklogUnavailableException e) {
      throw new IllegalStateException("cannot list " + location + ": " + e.getMessage(), e);
    } catch (S3Arrivals.TooMany e) {
      throw new IllegalStateException(location + " holds " + e.getMessage() + "; export the arrivals to a CSV"
          + " (time,objects,bytes) instead");
    }
    if (listed.objects() == 0) {
      throw new IllegalStateException("no arrivals to replay: " + location + " holds no objects");
    }
    return new Opened(listed.arrivals(), limit, location + ": " + listed.objects() + " objects, "
        + Sizes.humanBytes(listed.bytes()) + ", LastModified from " + listed.start() + " (a lower bound: objects"
        + " already processed and deleted are gone)");
  }

  private static void closeQuietly(InputStream reader) {
    try {
      reader.close();
    } catch (IOException ignored) {
      // the error being reported matters more
    }
  }
}
