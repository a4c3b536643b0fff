package dev.darkroom.core.run;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code darkroom.runs.*}: how runs are cut and executed.
 *
 * @param partitionSize units per partition, i.e. per Spring Batch job instance ({@code
 *     DARKROOM_RUNS_PARTITION_SIZE}, default 2000), of a run of up to 20 partitions; larger runs
 *     get larger partitions so their Temporal history stays small ({@link PartitionSizing})
 * @param chunkSize most units per chunk transaction ({@code DARKROOM_RUNS_CHUNK_SIZE}, default 100)
 * @param chunkMaxTime a chunk also commits after the first unit that ends this long after the
 *     chunk's first unit started ({@code DARKROOM_RUNS_CHUNK_MAX_TIME}, default 500ms): results of
 *     slow tools appear about this long after they exist, not after a full chunk
 * @param minPartitionSize a run is cut into at least as many partitions as may execute at once, but
 *     never into partitions smaller than this ({@code DARKROOM_RUNS_MIN_PARTITION_SIZE}, default
 *     20)
 * @param outOfMemoryAttempts attempts of one partition that may end with its worker out of memory
 *     in a row (a pod OOMKilled, a worker JVM's OutOfMemoryError) before the partition is given up
 *     and its run fails with the setting to raise ({@code DARKROOM_RUNS_OUT_OF_MEMORY_ATTEMPTS},
 *     default 3)
 */
@ConfigurationProperties("darkroom.runs")
public record RunProperties(
    @DefaultValue("2000") int partitionSize,
    @DefaultValue("100") int chunkSize,
    @DefaultValue("500ms") Duration chunkMaxTime,
    @DefaultValue("20") int minPartitionSize,
    @DefaultValue("3") int outOfMemoryAttempts) {

  public RunProperties {
    if (partitionSize <= 0) {
      throw new IllegalArgumentException(
          "darkroom.runs.partition-size must be positive: " + partitionSize);
    }
    if (chunkSize <= 0) {
      throw new IllegalArgumentException("darkroom.runs.chunk-size must be positive: " + chunkSize);
    }
    if (chunkMaxTime.isNegative() || chunkMaxTime.isZero()) {
      throw new IllegalArgumentException(
          "darkroom.runs.chunk-max-time must be positive: " + chunkMaxTime);
    }
    if (minPartitionSize <= 0) {
      throw new IllegalArgumentException(
          "darkroom.runs.min-partition-size must be positive: " + minPartitionSize);
    }
    if (outOfMemoryAttempts <= 0) {
      throw new IllegalArgumentException(
          "darkroom.runs.out-of-memory-attempts must be positive: " + outOfMemoryAttempts);
    }
  }
}
