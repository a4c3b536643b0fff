package dev.darkroom.core.duplicates;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One asset (one content hash) found at several live paths: exact copies, from the catalog.
 *
 * @param paths {@code root/relative/path}, in order
 */
public record ExactDuplicate(
    long assetId,
    String sha256,
    String mediaType,
    long sizeBytes,
    @Nullable Long thumbnailArtifactId,
    List<String> paths) {

  public ExactDuplicate {
    paths = List.copyOf(paths);
  }
}
