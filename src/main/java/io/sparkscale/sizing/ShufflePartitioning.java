package io.sparkscale.sizing;

import io.sparkscale.units.Nouns;
import io.sparkscale.units.Sizes;
import java.util.List;
import java.util.Locale;

/**
 * Input splits and shuffle partitions, with the shuffle's block count bounded.
 *
 * <p>Every map task writes one block per shuffle partition (sort-based shuffle: one data file and an index of
 * partitions + 1 offsets per map task, IndexShuffleBlockResolver), and every reduce task fetches one block from
 * every map task. So blocks = map tasks x shuffle partitions, which grows with the square of the data: 1 TB
 * gives 7,451 x 5,000 = 3.7e7 blocks of 27 KB, 100 TB would give 3.7e11 blocks of 268 bytes and 4 MB of index
 * per map task. Past {@link #MAX_SHUFFLE_BLOCKS} the input split is raised (fewer, larger map tasks), and the
 * shuffle partitions are capped at {@link #MAX_SHUFFLE_PARTITIONS}; what still does not fit is a warning that
 * says how to split the job.
 *
 * @param uncappedShufflePartitions shuffle bytes / 200 MB, before the cap
 */
public record ShufflePartitioning(long inputTasks, long maxPartitionBytes, long shufflePartitions,
    long uncappedShufflePartitions, long shuffleBlocks) {

  /** Databricks' rule of thumb: about 200 MB of shuffle data per partition. */
  static final long SHUFFLE_BYTES_PER_PARTITION = 200_000_000L;
  /**
   * Reduce tasks per shuffle stage at most: past it each partition grows beyond 200 MB instead (spilling more),
   * and the driver's scheduler and map-output tracker handle one stage of 100,000 tasks comfortably.
   */
  static final long MAX_SHUFFLE_PARTITIONS = 100_000;
  /** Blocks (map tasks x shuffle partitions) one shuffle may have: 8 bytes of index and one fetch each. */
  static final long MAX_SHUFFLE_BLOCKS = 10_000_000_000L;
  /** The input split is doubled from 128 MiB up to this to bound the blocks; larger splits take long to read. */
  static final long MAX_RAISED_PARTITION_BYTES = 1L << 30;

  /** The partitioning a plan for this request will have (it depends on the data alone, not on the nodes). */
  public static ShufflePartitioning of(SizingRequest request) {
    return of(request, new java.util.ArrayList<>(), new java.util.ArrayList<>());
  }

  static ShufflePartitioning of(SizingRequest request, List<String> notes, List<String> warnings) {
    long data = request.dataBytes();
    double shuffleBytes = data * request.shuffleRatio();
    long uncapped = Math.max(1, (long) Math.ceil(shuffleBytes / SHUFFLE_BYTES_PER_PARTITION));
    long partitions = Math.min(uncapped, MAX_SHUFFLE_PARTITIONS);
    long split = request.partitionBytesOrDefault();
    if (request.maxPartitionBytes() == null) {
      while (blocks(data, split, partitions) > MAX_SHUFFLE_BLOCKS && split < MAX_RAISED_PARTITION_BYTES) {
        split *= 2;
      }
      if (split != SizingRequest.DEFAULT_MAX_PARTITION_BYTES) {
        notes.add(String.format(Locale.ROOT, "Input split raised from %s to %s"
            + " (spark.sql.files.maxPartitionBytes): %d map tasks x %d shuffle partitions = %.1e shuffle blocks,"
            + " where 128 MiB splits would make %.1e; one block is an index entry and a fetch.",
            mib(SizingRequest.DEFAULT_MAX_PARTITION_BYTES), mib(split),
            ceilDiv(data, split), partitions, (double) blocks(data, split, partitions),
            (double) blocks(data, SizingRequest.DEFAULT_MAX_PARTITION_BYTES, partitions)));
      }
    }
    long inputTasks = ceilDiv(data, split);
    long blocks = blocks(data, split, partitions);
    if (partitions < uncapped || blocks > MAX_SHUFFLE_BLOCKS) {
      warnings.add(tooLargeForOneJob(request, split, partitions, uncapped, blocks));
    }
    return new ShufflePartitioning(inputTasks, split, partitions, uncapped, blocks);
  }

  private static String tooLargeForOneJob(
      SizingRequest request, long split, long partitions, long uncapped, long blocks) {
    StringBuilder why = new StringBuilder();
    if (partitions < uncapped) {
      why.append(String.format(Locale.ROOT, "shuffle partitions are capped at %d (uncapped %d), so each holds"
          + " about %s instead of 200 MB and reduce tasks spill more", partitions, uncapped,
          Sizes.humanBytes((long) (request.dataBytes() * request.shuffleRatio() / partitions))));
    }
    if (blocks > MAX_SHUFFLE_BLOCKS) {
      why.append(why.length() == 0 ? "" : "; ").append(String.format(Locale.ROOT, "each shuffle has %.1e blocks"
          + " (%d map tasks x %d partitions, about %s each), above %.0e: fetch requests and index lookups"
          + " dominate", (double) blocks, ceilDiv(request.dataBytes(), split), partitions,
          Sizes.humanBytes((long) (request.dataBytes() * request.shuffleRatio() / blocks)),
          (double) MAX_SHUFFLE_BLOCKS));
    }
    long perRun = largestRunBytes(request, split);
    return String.format(Locale.ROOT, "%s is too much for one shuffle: %s. Split the job into %s of at"
        + " most %s each (by date or key range), or use a remote shuffle service such as Apache Celeborn.",
        Sizes.humanBytes(request.dataBytes()), why, Nouns.count(ceilDiv(request.dataBytes(), perRun), "run"),
        Sizes.humanBytes(perRun));
  }

  /** The most input one run can take with partitions of 200 MB and blocks under the bound. */
  static long largestRunBytes(SizingRequest request, long split) {
    double ratio = request.shuffleRatio();
    double byPartitions = MAX_SHUFFLE_PARTITIONS * SHUFFLE_BYTES_PER_PARTITION / ratio;
    long largestSplit = request.maxPartitionBytes() == null ? MAX_RAISED_PARTITION_BYTES : split;
    double byBlocks = Math.sqrt((double) MAX_SHUFFLE_BLOCKS * SHUFFLE_BYTES_PER_PARTITION * largestSplit / ratio);
    return (long) Math.floor(Math.min(byPartitions, byBlocks));
  }

  private static String mib(long bytes) {
    return (bytes >> 20) + " MiB";
  }

  private static long blocks(long data, long split, long partitions) {
    long maps = ceilDiv(data, split);
    return maps > Long.MAX_VALUE / partitions ? Long.MAX_VALUE : maps * partitions;
  }

  private static long ceilDiv(long a, long b) {
    return ExecutorCount.ceilDiv(a, b);
  }
}
