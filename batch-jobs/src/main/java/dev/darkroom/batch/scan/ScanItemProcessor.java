package dev.darkroom.batch.scan;

import dev.darkroom.core.catalog.CatalogWriter;
import dev.darkroom.core.catalog.KnownLocation;
import dev.darkroom.core.catalog.ProblemKind;
import dev.darkroom.core.catalog.ScannedFile;
import dev.darkroom.storage.archive.ArchiveAccessException;
import dev.darkroom.storage.archive.PathOutsideArchiveException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import org.springframework.batch.infrastructure.item.ItemProcessor;

/**
 * Turns a walk entry into what the catalog records: hashed, a problem with a reason, or unchanged
 * (same size and mtime as the known location, not re-hashed; in a full rescan, already hashed by
 * this scan before a restart; the reader counts such files itself, so this is a safety net), or
 * restored (back at the path, size and mtime of a location a scan closed as gone: reopened, not
 * read). Directory marks and the count of unchanged files pass through. Never throws for a bad
 * file: a broken file is a problem entry, not a failed scan. Thread-safe (items of a chunk are
 * processed in parallel).
 */
class ScanItemProcessor implements ItemProcessor<FileCandidate, ScanOutcome> {

  private final FileInspector inspector;
  private final long scanId;
  private final boolean fullRescan;

  ScanItemProcessor(FileInspector inspector, long scanId, boolean fullRescan) {
    this.inspector = inspector;
    this.scanId = scanId;
    this.fullRescan = fullRescan;
  }

  @Override
  public ScanOutcome process(FileCandidate candidate) {
    WalkEntry entry = candidate.entry();
    return new ScanOutcome(
        entry == null ? null : inspect(candidate, entry), candidate.marks(), candidate.unchanged());
  }

  private ScannedFile inspect(FileCandidate candidate, WalkEntry entry) {
    long rootId = candidate.root().id();
    if (entry.problem() != null) {
      return new ScannedFile.Problem(rootId, entry.relPath(), entry.problem(), entry.message());
    }
    if (entry.size() == 0) {
      return emptyFile(rootId, entry);
    }
    Instant mtime = CatalogWriter.toStoredPrecision(entry.mtime());
    KnownLocation restored = candidate.restored();
    if (restored != null && restored.matches(entry.size(), mtime)) {
      return new ScannedFile.Reopened(rootId, entry.relPath(), restored.id());
    }
    KnownLocation known = candidate.known();
    if (known != null
        && known.matches(entry.size(), mtime)
        && (!fullRescan || known.hashedScan() == scanId)) {
      return new ScannedFile.Unchanged(rootId, entry.relPath(), known.id());
    }
    try {
      FileInspector.Inspection found = inspector.inspect(candidate.root().mounted(), entry.path());
      if (found.size() == 0) {
        return emptyFile(rootId, entry);
      }
      return new ScannedFile.Hashed(
          rootId,
          entry.relPath(),
          found.size(),
          mtime,
          found.sha256(),
          found.mediaType(),
          found.width(),
          found.height(),
          known);
    } catch (NoSuchFileException e) {
      return problem(rootId, entry, ProblemKind.VANISHED, "disappeared before it could be read");
    } catch (AccessDeniedException e) {
      return problem(rootId, entry, ProblemKind.UNREADABLE, "permission denied");
    } catch (PathOutsideArchiveException e) {
      return problem(rootId, entry, ProblemKind.SYMLINK_OUTSIDE_ROOT, e.getMessage());
    } catch (IOException | ArchiveAccessException e) {
      return problem(rootId, entry, ProblemKind.IO_ERROR, ArchiveWalker.describe(e));
    }
  }

  private static ScannedFile emptyFile(long rootId, WalkEntry entry) {
    return problem(rootId, entry, ProblemKind.EMPTY_FILE, "zero-byte file: nothing to catalog");
  }

  private static ScannedFile problem(
      long rootId, WalkEntry entry, ProblemKind kind, String message) {
    return new ScannedFile.Problem(rootId, entry.relPath(), kind, message);
  }
}
