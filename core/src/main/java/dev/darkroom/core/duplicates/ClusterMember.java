package dev.darkroom.core.duplicates;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One member of a near-duplicate cluster with what tells it apart from the others.
 *
 * @param hash its perceptual hash, 16 hex digits
 * @param distance Hamming distance of its hash from the cluster's first member's
 * @param phashArtifactId the hash artifact the cluster was built from
 * @param thumbnailArtifactId its newest thumbnail artifact, if any
 * @param paths its live locations, {@code root/relative/path}; several mean exact copies
 */
public record ClusterMember(
    long assetId,
    String hash,
    int distance,
    long phashArtifactId,
    @Nullable Long thumbnailArtifactId,
    String mediaType,
    long sizeBytes,
    @Nullable Integer width,
    @Nullable Integer height,
    @Nullable Instant capturedAt,
    List<String> paths) {

  public ClusterMember {
    paths = List.copyOf(paths);
  }
}
