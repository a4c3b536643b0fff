package dev.darkroom.batch.scan;

import dev.darkroom.core.catalog.ScannedFile;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What processing one {@link FileCandidate} yielded: the entry's result (null for an item without
 * an entry), and the directory marks and the count of unchanged files, passed on as they were.
 */
record ScanOutcome(@Nullable ScannedFile entry, List<ScannedFile> marks, int unchanged) {

  /** Directory entries this outcome accounts for (progress). */
  int entries() {
    return unchanged + (entry == null ? 0 : 1);
  }
}
