package io.sparkscale.s3;

import io.sparkscale.backlog.BacklogCount;
import io.sparkscale.backlog.BacklogSource;
import io.sparkscale.backlog.BacklogUnavailableException;
import io.sparkscale.backlog.ClaimExclusion;
import io.sparkscale.claim.ClaimLayout;
import io.sparkscale.backlog.CountKey;
import io.sparkscale.listing.KeyRange;
import io.sparkscale.listing.PageEnds;
import io.sparkscale.units.DaemonThreads;
import io.sparkscale.notifications.KeyListing;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Counts what is waiting under a prefix with ListObjectsV2, 1,000 keys a page, streaming the pages (keys
 * are never kept). Needs only s3:ListBucket.
 *
 * <p>A prefix whose previous count took many pages, more than the listing's time allows one after the other,
 * is split into key ranges at that listing's page ends and the ranges are listed in parallel
 * ({@link ListingSettings}); the ranges cover every key, so the count is the sequential one, only sooner.
 * The first count of a key lists the pages a small prefix has; when there are more, it asks for the first
 * delimiter level under the prefix (one request) and splits the rest at its common prefixes.
 *
 * <p>Credentials come from the SDK's default chain (environment, web identity / IRSA, EKS Pod Identity,
 * profile, instance profile) unless a provider is given (tests, benchmarks). The region is the trigger's,
 * else the SDK's region chain (environment, system property, profile, and for AWS endpoints instance
 * metadata; an S3-compatible store's region has nothing to do with the instance's); when that finds none,
 * us-east-1 is used and logged once: S3-compatible stores accept it, and on AWS cross-region access follows
 * the bucket to its region, so failing instead would only make a working setup fail.
 *
 * <p>Clients come from {@link S3Clients}: one per (endpoint, region, path style), reused, bounded, all on one
 * shared connection pool and timer pool.
 */
public final class S3BacklogSource implements BacklogSource, AutoCloseable {

  /** Big prefixes remembered for sharding; far more than one scaler serves. */
  static final int MAX_REMEMBERED = 10_000;
  private static final System.Logger LOG = System.getLogger(S3BacklogSource.class.getName());

  private final S3Settings settings;
  private final AwsCredentialsProvider credentials;
  private final boolean ownsCredentials;
  private final Clock clock;
  private final S3Clients clients;
  private final Map<CountKey, PageEnds> history = new ConcurrentHashMap<>();
  private final ListingSettings listing;
  private final ExecutorService shardPool;

  /** Credentials from the SDK's default chain. */
  public S3BacklogSource(S3Settings settings) {
    this(settings, null);
  }

  /** @param credentials a fixed provider (tests against s3proxy, benchmarks), or null for the default chain */
  public S3BacklogSource(S3Settings settings, AwsCredentialsProvider credentials) {
    this(settings, credentials, Clock.systemUTC());
  }

  /** @param listing page size and sharding of big prefixes */
  public S3BacklogSource(S3Settings settings, AwsCredentialsProvider credentials, ListingSettings listing) {
    this(settings, credentials, Clock.systemUTC(), listing);
  }

  S3BacklogSource(S3Settings settings, AwsCredentialsProvider credentials, Clock clock) {
    this(settings, credentials, clock, ListingSettings.defaults());
  }

  S3BacklogSource(
      S3Settings settings, AwsCredentialsProvider credentials, Clock clock, ListingSettings listing) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.listing = Objects.requireNonNull(listing, "listing");
    // Shared by all counts: twice one count's shards, so two big prefixes can be listed at once.
    this.shardPool = Executors.newFixedThreadPool(2 * listing.maxShards(), DaemonThreads.named("sparkscale-shard-"));
    this.ownsCredentials = credentials == null;
    this.credentials = credentials != null ? credentials : DefaultCredentialsProvider.builder().build();
    this.clients = new S3Clients(settings, this.credentials);
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public BacklogCount count(CountKey key) throws BacklogUnavailableException {
    Instant started = clock.instant();
    long startNanos = System.nanoTime();
    Instant newestCounted = started.minus(key.minObjectAge());
    Tally tally = new Tally(key.scanLimit());
    PageEnds previous = history.get(key);
    List<String> pageEnds = new ArrayList<>();
    // How long a page takes when pages are asked for one after the other: what the planner goes by.
    Duration pageTime = previous == null ? Duration.ZERO : previous.pageTime();
    int ranges;
    try {
      RangeLister lister = new RangeLister(pages(key), key, listing.pageSize(), newestCounted, tally,
          settings.budget(), liveClaims(key, started, tally));
      List<KeyRange> rest;
      if (previous == null && listing.maxShards() > 1) {
        RangeLister.Listed first = lister.list(KeyRange.ALL, listing.planner().shardFromPages() - 1);
        pageEnds.addAll(first.pageEnds());
        pageTime = first.pageTime();
        rest = rest(lister, first);
      } else {
        rest = listing.planner().plan(previous == null ? PageEnds.NONE : previous);
      }
      ranges = Math.max(1, rest.size());
      if (rest.size() == 1) {
        RangeLister.Listed all = lister.list(rest.get(0), Long.MAX_VALUE);
        pageEnds.addAll(all.pageEnds());
        pageTime = all.pages() > 0 ? all.pageTime() : pageTime;
      } else if (rest.size() > 1) {
        pageEnds.addAll(listShards(lister, rest, tally));
      }
    } catch (SdkException e) {
      throw new BacklogUnavailableException(
          key.describe() + ": " + S3Errors.describe(e, key.endpoint()), e);
    } catch (KeyOutsidePrefixException e) {
      throw new BacklogUnavailableException(key.describe() + ": " + e.getMessage(), e);
    }
    remember(key, new PageEnds(tally.requests(), pageEnds, pageTime));
    BacklogCount count =
        new BacklogCount(
            tally.objects(), tally.bytes(), tally.limitReached(), tally.requests(), started,
            Duration.ofNanos(System.nanoTime() - startNanos));
    LOG.log(Level.DEBUG, () -> "counted " + key.describe() + " in " + ranges + " range(s): " + count);
    return count;
  }

  /**
   * Every object under the key's prefix, page by page in key order, without scan limit or age filter:
   * the seeding and reconciling listing of notification mode ({@link KeyListing}). Sequential: it runs in
   * the background once per reconcile interval, not per count.
   */
  public long listAll(CountKey key, KeyListing.Pages pages) throws BacklogUnavailableException {
    PageRequests requests = pages(key);
    PageRequests.Query query =
        new PageRequests.Query(key.bucket(), key.prefix(), null, listing.pageSize(), null, null);
    long[] made = {0};
    String token = null;
    try {
      do {
        ListPage page = requests.list(query.withToken(token), () -> made[0]++);
        for (KeyListing.ListedObject object : page.contents()) {
          // Checked for the whole page before any of it is handed on.
          KeyOutsidePrefixException.check(key.prefix(), object.key());
        }
        pages.page(page.contents());
        token = page.next();
      } while (token != null);
    } catch (SdkException e) {
      throw new BacklogUnavailableException(
          key.describe() + ": " + S3Errors.describe(e, key.endpoint()), e);
    } catch (KeyOutsidePrefixException e) {
      throw new BacklogUnavailableException(key.describe() + ": " + e.getMessage(), e);
    }
    return made[0];
  }

  /**
   * The data keys under a live claim (docs/keda.md, `sparkscale claim`): the claims prefix's markers, each
   * live for the trigger's claimLease after it was last written. One listing of the markers, whose number
   * is what the running Jobs hold, not the backlog; empty when the trigger names no claims prefix.
   */
  private Set<String> liveClaims(CountKey key, Instant now, Tally tally) throws BacklogUnavailableException {
    ClaimExclusion claims = key.claims();
    if (claims == null) {
      return Set.of();
    }
    ClaimLayout layout = new ClaimLayout(key.prefix(), claims.prefix());
    CountKey markers = new CountKey(key.endpoint(), key.region(), key.forcePathStyle(), key.bucket(),
        layout.markersPrefix(), "", Duration.ZERO, key.scanLimit());
    Set<String> live = new HashSet<>();
    long requests = listAll(markers, page -> page.forEach(marker -> {
      if (claims.liveAt(marker.lastModified(), now)) {
        live.add(layout.dataKeyOf(marker.key()));
      }
    }));
    tally.requests(requests);
    return live;
  }

  /**
   * First count of a key, after the pages a small prefix has: the ranges of the rest, split at the first
   * delimiter level (one extra request) rather than listed page after page. Empty when nothing is left.
   */
  private List<KeyRange> rest(RangeLister lister, RangeLister.Listed first) {
    if (!first.more() || first.pageEnds().isEmpty()) {
      return List.of();
    }
    String last = first.pageEnds().get(first.pageEnds().size() - 1);
    return listing.planner().split(last, lister.firstLevel(last));
  }

  /**
   * Lists the ranges in parallel on the shared shard pool; the first failure stops the others and is
   * thrown once they have stopped (each within one page), so no request outlives the count.
   */
  private List<String> listShards(RangeLister lister, List<KeyRange> ranges, Tally tally)
      throws BacklogUnavailableException {
    List<Future<List<String>>> shards = new ArrayList<>(ranges.size());
    for (KeyRange range : ranges) {
      shards.add(shardPool.submit(() -> {
        try {
          return lister.list(range, Long.MAX_VALUE).pageEnds();
        } catch (RuntimeException e) {
          tally.stop();
          throw e;
        }
      }));
    }
    List<String> pageEnds = new ArrayList<>();
    RuntimeException failure = null;
    boolean interrupted = false;
    for (Future<List<String>> shard : shards) {
      try {
        pageEnds.addAll(shard.get());
      } catch (ExecutionException e) {
        if (failure == null) {
          failure = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
      } catch (InterruptedException e) {
        tally.stop();
        interrupted = true;
        shards.forEach(f -> f.cancel(true));
        break;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
      throw new BacklogUnavailableException("interrupted while listing");
    }
    if (failure != null) {
      throw failure;
    }
    return pageEnds;
  }

  /**
   * Every key's page count is remembered (so a small prefix's next count is plain sequential, without the
   * first count's delimiter request), page ends only for prefixes big enough to shard. Bounded, so key
   * churn cannot grow it.
   */
  private void remember(CountKey key, PageEnds ends) {
    if (ends.pages() < listing.planner().shardFromPages()) {
      ends = new PageEnds(ends.pages(), List.of(), ends.pageTime());
    }
    if (history.size() >= MAX_REMEMBERED && !history.containsKey(key)) {
      history.clear(); // crude but bounded: the next listings run sequentially once and learn again
    }
    history.put(key, ends);
  }

  /** The trigger's rule ({@link CountKey#counts}) on a listed object. */
  static boolean counts(CountKey key, KeyListing.ListedObject object, Instant newestCounted) {
    return key.counts(object.key(), object.size(), object.lastModified(), newestCounted);
  }

  @Override
  public void close() {
    shardPool.shutdownNow();
    clients.close();
    if (ownsCredentials) {
      S3Clients.closeOwned(credentials);
    }
  }

  /** The ranges the next count of this key would list, once it has been counted (tests). */
  List<KeyRange> plannedRanges(CountKey key) {
    return listing.planner().plan(history.getOrDefault(key, PageEnds.NONE));
  }

  /** Number of SDK clients held (one per endpoint, region and path style, bounded). */
  int clientCount() {
    return clients.size();
  }

  private PageRequests pages(CountKey key) {
    return clients.pages(key.endpoint(), key.region(), key.forcePathStyle());
  }
}
