package dev.darkroom.core.events;

import java.time.Instant;
import java.util.Objects;

/**
 * A chunk of a partition's units committed: their artifacts, lineage and unit statuses are in
 * PostgreSQL now.
 *
 * @param chunk the units this chunk finished
 * @param partition the partition's finished units so far, this chunk included
 * @param partitionUnits every unit of the partition, finished or not
 */
public record ChunkCommitted(
    long runId,
    int partitionNo,
    UnitTally chunk,
    UnitTally partition,
    long partitionUnits,
    Instant at)
    implements RunEvent {

  public ChunkCommitted {
    Objects.requireNonNull(chunk, "chunk");
    Objects.requireNonNull(partition, "partition");
    Objects.requireNonNull(at, "at");
  }
}
