package io.sparkscale.cli.options;

import io.sparkscale.claim.ClaimLayout;
import io.sparkscale.claim.ClaimRequest;
import io.sparkscale.render.ScalerTrigger;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * Where claim markers live and how long a claim holds its objects: `sparkscale claim` takes them, and
 * `render scaledjob` writes the same two values into its trigger (claimsPrefix, claimLease) and into the
 * claim command of its init container, so the scaler leaves out exactly what the Jobs hold.
 */
public class ClaimOptions {

  @Option(names = "--claims-prefix", paramLabel = "PREFIX", description =
      "Where claim markers live (default: sparkscale-claims/ followed by --prefix), outside the data prefix;"
          + " the trigger's claimsPrefix must be the same. Jobs need s3:PutObject, s3:GetObject and"
          + " s3:DeleteObject there.")
  String claimsPrefix;

  @Option(names = "--lease", paramLabel = "DURATION", converter = Converters.Lease.class, description =
      "How long a claim holds its batch before another Job may take it over: longer than the longest run of"
          + " one batch (1m to 7d; default: 2h).")
  Duration lease;

  /** Null: the default, sparkscale-claims/ followed by the data prefix. */
  public String claimsPrefix() {
    return claimsPrefix;
  }

  /** Null: the default lease. */
  public Duration lease() {
    return lease;
  }

  /** The trigger's claim keys for data under {@code dataPrefix}, defaults filled in and checked. */
  public ScalerTrigger.Claims forPrefix(String dataPrefix) {
    String prefix = dataPrefix == null ? "" : dataPrefix;
    return new ScalerTrigger.Claims(
        ClaimLayout.check("--claims-prefix", prefix,
            claimsPrefix == null ? ClaimLayout.defaultClaimsPrefix(prefix) : claimsPrefix),
        lease == null ? ClaimRequest.DEFAULT_LEASE : lease);
  }
}
