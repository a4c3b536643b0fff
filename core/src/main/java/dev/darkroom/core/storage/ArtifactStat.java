package dev.darkroom.core.storage;

import java.time.Instant;
import java.util.Objects;

/**
 * What a store knows about one blob, including when it was last written. The last-modified time is
 * what the sweeper's grace period is measured against: a put of content that is already stored
 * refreshes it.
 */
public record ArtifactStat(StoredArtifact artifact, Instant lastModified) {

  public ArtifactStat {
    Objects.requireNonNull(artifact, "artifact");
    Objects.requireNonNull(lastModified, "lastModified");
  }

  public String key() {
    return artifact.key();
  }
}
