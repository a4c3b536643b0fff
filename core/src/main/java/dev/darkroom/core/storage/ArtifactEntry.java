package dev.darkroom.core.storage;

import java.time.Instant;
import java.util.Objects;

/**
 * One blob as a listing returns it. Listings do not carry the media type (S3 listings cannot give
 * it without one request per object); {@link ArtifactStore#stat} does.
 */
public record ArtifactEntry(String key, long size, Instant lastModified) {

  public ArtifactEntry {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(lastModified, "lastModified");
  }

  /** The content hash, which for a content address is part of the key. */
  public String sha256() {
    return ArtifactKeys.sha256Of(key);
  }
}
