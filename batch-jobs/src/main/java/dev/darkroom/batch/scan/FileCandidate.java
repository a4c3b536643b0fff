package dev.darkroom.batch.scan;

import dev.darkroom.core.catalog.KnownLocation;
import dev.darkroom.core.catalog.ScannedFile;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One item of the scan: a walk entry of one root with what the catalog already knows at its path,
 * plus what the walk passed before it: unchanged files it counted (not items of their own) and
 * directory marks ({@link ScannedFile.Vanished}, {@link ScannedFile.DirectoryListed}). An item may
 * carry only those ({@code entry} null).
 *
 * @param unchanged unchanged files the walk passed since the previous item
 * @param restored a location closed as gone at the entry's path, with its size and mtime: it
 *     reopens without the file being read
 */
record FileCandidate(
    ScanRoot root,
    @Nullable WalkEntry entry,
    @Nullable KnownLocation known,
    List<ScannedFile> marks,
    int unchanged,
    @Nullable KnownLocation restored) {

  FileCandidate(ScanRoot root, WalkEntry entry, @Nullable KnownLocation known) {
    this(root, entry, known, List.of(), 0, null);
  }
}
