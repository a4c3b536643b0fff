package dev.darkroom.core.storage;

import dev.darkroom.core.artifact.ArtifactRepository;
import dev.darkroom.core.artifact.ReferencedBlob;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code migrate-artifacts} operation: copies every blob referenced by an {@code artifact} row
 * from one store to another and verifies it on the target by reading it back and hashing it.
 *
 * <p>Resumable: a blob the target already holds with the expected hash and size is skipped, so an
 * interrupted migration is simply run again. It never deletes anything from either store; switch
 * {@code darkroom.storage.type} once the report is {@linkplain MigrationReport#complete()
 * complete}, and let the sweeper clear the old store later if wanted.
 */
public class ArtifactMigration {

  private static final Logger log = LoggerFactory.getLogger(ArtifactMigration.class);
  private static final int PAGE = 500;
  private static final int MAX_PROBLEMS = 100;

  private final ArtifactRepository artifacts;

  public ArtifactMigration(ArtifactRepository artifacts) {
    this.artifacts = artifacts;
  }

  public MigrationReport migrate(ArtifactStore source, ArtifactStore target) {
    long referenced = 0;
    long copied = 0;
    long present = 0;
    long missing = 0;
    long failed = 0;
    List<String> problems = new ArrayList<>();
    String after = "";
    while (true) {
      List<ReferencedBlob> page = artifacts.referencedBlobsAfter(after, PAGE);
      if (page.isEmpty()) {
        break;
      }
      for (ReferencedBlob blob : page) {
        referenced++;
        Outcome outcome;
        try {
          outcome = migrateOne(blob, source, target);
        } catch (ArtifactNotFoundException e) {
          outcome = Outcome.MISSING;
        } catch (RuntimeException e) {
          outcome = Outcome.FAILED;
          note(problems, blob.storageKey() + ": " + e.getMessage());
        }
        switch (outcome) {
          case COPIED -> copied++;
          case PRESENT -> present++;
          case MISSING -> {
            missing++;
            note(problems, blob.storageKey() + ": missing in " + source.describe());
          }
          case MISMATCH -> {
            failed++;
            note(
                problems,
                blob.storageKey()
                    + ": content read from "
                    + source.describe()
                    + " does not hash to the expected "
                    + blob.sha256());
          }
          case FAILED -> failed++;
        }
      }
      after = page.get(page.size() - 1).storageKey();
      log.info("migrated {} referenced blobs so far to {}", referenced, target.describe());
    }
    MigrationReport report =
        new MigrationReport(referenced, copied, present, missing, failed, problems);
    log.info("artifact migration {} -> {}: {}", source.describe(), target.describe(), report);
    return report;
  }

  private enum Outcome {
    COPIED,
    PRESENT,
    MISSING,
    MISMATCH,
    FAILED
  }

  private Outcome migrateOne(ReferencedBlob blob, ArtifactStore source, ArtifactStore target) {
    String key = blob.storageKey();
    String expected = blob.sha256();
    if (target.exists(key)) {
      ArtifactStat stat = target.stat(key);
      if (stat.artifact().sha256().equals(expected) && sizeMatches(blob, stat.artifact().size())) {
        return Outcome.PRESENT;
      }
    }
    String mediaType = source.stat(key).artifact().mediaType();
    StoredArtifact stored;
    try (InputStream in = source.get(key)) {
      stored = target.put(in, mediaType);
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + key + " from " + source.describe(), e);
    }
    if (!stored.key().equals(key) || !stored.sha256().equals(expected)) {
      // The source holds different bytes under this key (corruption). What we wrote is stored
      // under its own content address and is an unreferenced orphan: the sweeper removes it.
      return Outcome.MISMATCH;
    }
    return verify(target, key, expected) ? Outcome.COPIED : Outcome.MISMATCH;
  }

  private static boolean sizeMatches(ReferencedBlob blob, long size) {
    return blob.sizeBytes() < 0 || blob.sizeBytes() == size;
  }

  /** Reads the blob back from the target: the hash the target reports is not proof enough. */
  private static boolean verify(ArtifactStore target, String key, String expected) {
    try (InputStream in = new DigestInputStream(target.get(key), sha256())) {
      in.transferTo(OutputStream.nullOutputStream());
      String actual =
          HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
      return actual.equals(expected);
    } catch (IOException e) {
      throw new UncheckedIOException("reading back " + key + " from " + target.describe(), e);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  private static void note(List<String> problems, String problem) {
    log.warn("artifact migration: {}", problem);
    if (problems.size() < MAX_PROBLEMS) {
      problems.add(problem);
    }
  }
}
