package dev.darkroom.core.run;

/**
 * How many units a run's partitions hold, from the run's size and its slots (partitions that may
 * execute at once). Four rules, in this order of precedence:
 *
 * <ol>
 *   <li>every slot works: a run with enough units is cut into at least {@code slots} partitions,
 *       but never into partitions smaller than {@code minPartitionSize};
 *   <li>up to {@code fullSizePartitions × partitionSize} units, partitions hold {@code
 *       partitionSize} units;
 *   <li>beyond that, the partition size grows with the square root of the run, so the partition
 *       count grows as {@code sqrt(fullSizePartitions × units / partitionSize)}: with the defaults
 *       (2,000 and 20) 32 partitions at 100,000 units, 100 at 1,000,000, 317 at 10,000,000. Each
 *       partition costs about six Temporal history events, so the history of a run stays small
 *       while a partition still is a few minutes of work that a retry may repeat (ADR 0017).
 * </ol>
 *
 * @param partitionSize units per partition of a run up to {@code fullSizePartitions} partitions
 *     ({@code darkroom.runs.partition-size})
 * @param minPartitionSize fewest units per partition when a run is split to fill its slots ({@code
 *     darkroom.runs.min-partition-size})
 * @param fullSizePartitions partitions of {@code partitionSize} a run may have before partitions
 *     grow; {@link Integer#MAX_VALUE} for partitions that never grow
 */
public record PartitionSizing(int partitionSize, int minPartitionSize, int fullSizePartitions) {

  /** Partitions of the configured size up to this many; beyond, they grow. */
  public static final int DEFAULT_FULL_SIZE_PARTITIONS = 20;

  public PartitionSizing {
    if (partitionSize <= 0 || minPartitionSize <= 0 || fullSizePartitions <= 0) {
      throw new IllegalArgumentException(
          "partition sizes must be positive: "
              + partitionSize
              + ", "
              + minPartitionSize
              + ", "
              + fullSizePartitions);
    }
  }

  /** The product's sizing: partitions grow beyond {@value #DEFAULT_FULL_SIZE_PARTITIONS}. */
  public static PartitionSizing adaptive(int partitionSize, int minPartitionSize) {
    return new PartitionSizing(partitionSize, minPartitionSize, DEFAULT_FULL_SIZE_PARTITIONS);
  }

  /** Partitions of exactly {@code partitionSize} units, whatever the run's size or slots. */
  public static PartitionSizing fixed(int partitionSize) {
    return new PartitionSizing(partitionSize, partitionSize, Integer.MAX_VALUE);
  }

  /** Units per partition of a run of {@code units} units with {@code slots} slots; at least 1. */
  public long size(long units, int slots) {
    if (slots < 1) {
      throw new IllegalArgumentException("a run needs at least one slot: " + slots);
    }
    long grown = partitionSize;
    if (fullSizePartitions != Integer.MAX_VALUE
        && units > (long) fullSizePartitions * partitionSize) {
      grown = (long) Math.ceil(Math.sqrt((double) units * partitionSize / fullSizePartitions));
    }
    long fillSlots = Math.max(minPartitionSize, ceilDiv(units, slots));
    long size = Math.max(1, Math.min(grown, fillSlots));
    long partitions = ceilDiv(units, size);
    if (fullSizePartitions != Integer.MAX_VALUE && partitions > slots && partitions % slots != 0) {
      long evened = ceilDiv(units, ceilDiv(partitions, slots) * slots);
      if (evened >= minPartitionSize) {
        return evened;
      }
    }
    return size;
  }

  /** Partitions a run of {@code units} units with {@code slots} slots is cut into. */
  public int partitions(long units, int slots) {
    return Math.toIntExact(ceilDiv(units, size(units, slots)));
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }
}
