package dev.darkroom.core.duplicates;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A cluster of near-duplicate assets.
 *
 * @param clusterId the smallest asset id among its members
 * @param artifactId its current cluster artifact (lineage to every member's hash)
 * @param runId the run that last changed it
 * @param members ordered by asset id
 */
public record DuplicateCluster(
    long indexId,
    long clusterId,
    int threshold,
    @Nullable Long artifactId,
    long runId,
    Instant updatedAt,
    List<ClusterMember> members) {

  public DuplicateCluster {
    members = List.copyOf(members);
  }
}
