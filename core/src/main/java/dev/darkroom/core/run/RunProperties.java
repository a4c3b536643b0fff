package dev.darkroom.core.run;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code darkroom.runs.*}: how runs are cut and executed.
 *
 * @param partitionSize units per partition, i.e. per Spring Batch job instance ({@code
 *     DARKROOM_RUNS_PARTITION_SIZE}, default 2000)
 * @param chunkSize units per chunk transaction ({@code DARKROOM_RUNS_CHUNK_SIZE}, default 100)
 */
@ConfigurationProperties("darkroom.runs")
public record RunProperties(
    @DefaultValue("2000") int partitionSize, @DefaultValue("100") int chunkSize) {

  public RunProperties {
    if (partitionSize <= 0) {
      throw new IllegalArgumentException(
          "darkroom.runs.partition-size must be positive: " + partitionSize);
    }
    if (chunkSize <= 0) {
      throw new IllegalArgumentException("darkroom.runs.chunk-size must be positive: " + chunkSize);
    }
  }
}
