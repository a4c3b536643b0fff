package dev.darkroom.core.storage;

import java.util.Objects;

/**
 * A blob as a store holds it.
 *
 * @param key the content address, see {@link ArtifactKeys}
 * @param sha256 lower-case hex SHA-256 of the bytes
 * @param size length in bytes, {@code >= 0}
 * @param mediaType the media type recorded when the content was first stored
 */
public record StoredArtifact(String key, String sha256, long size, String mediaType) {

  public StoredArtifact {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(mediaType, "mediaType");
    if (size < 0) {
      throw new IllegalArgumentException("size must be >= 0, was " + size);
    }
  }
}
