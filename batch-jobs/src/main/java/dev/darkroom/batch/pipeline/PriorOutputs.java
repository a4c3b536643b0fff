package dev.darkroom.batch.pipeline;

import dev.darkroom.core.artifact.ArtifactRepository;
import dev.darkroom.core.artifact.PriorArtifact;
import dev.darkroom.core.storage.ArtifactNotFoundException;
import dev.darkroom.core.storage.ArtifactStore;
import dev.darkroom.core.storage.ArtifactStoreException;
import dev.darkroom.core.tool.ToolOutput;
import dev.darkroom.core.tool.ToolParameters;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;

/**
 * Artifacts that a step of one run may reuse instead of making them again (ADR 0036): one indexed
 * query per lookup ({@link ArtifactRepository#reusable}), then the newest candidate whose blob is
 * in the store and still has the content its row names. A blob that is missing, unreadable or
 * changed is not an error, nor is a failed lookup: the next candidate is tried, and when none is
 * left the step runs as if nothing had been stored, so nothing is lost.
 */
final class PriorOutputs {

  private static final Logger log = LoggerFactory.getLogger(PriorOutputs.class);

  /** Candidates read at most per lookup: the newest, and two in case its blob is gone. */
  static final int CANDIDATES = 3;

  /** A reused blob is held in memory as upstream output; anything larger is made anew. */
  private static final int MAX_BYTES = 256 * 1024 * 1024;

  private final ArtifactRepository artifacts;
  private final ArtifactStore store;
  private final long runId;

  PriorOutputs(ArtifactRepository artifacts, ArtifactStore store, long runId) {
    this.artifacts = artifacts;
    this.store = store;
    this.runId = runId;
  }

  /** A reusable artifact with its blob read back as a tool output of its kind. */
  record Found(long artifactId, ToolOutput output) {}

  /**
   * The newest readable artifact of the asset made by {@code toolId} at {@code toolVersion} with
   * {@code parameters}, of {@code kind}, visible to this run; empty when there is none.
   */
  Optional<Found> find(
      long assetId, String kind, String toolId, String toolVersion, ToolParameters parameters) {
    List<PriorArtifact> candidates;
    try {
      candidates =
          artifacts.reusable(
              assetId, kind, toolId, toolVersion, parameters.sha256(), runId, CANDIDATES);
    } catch (DataAccessException e) {
      // Reuse saves work; it is never a reason to fail a unit. The step makes its output, and
      // the chunk's commit meets the database's trouble where the run already handles it.
      log.warn("Cannot look up a stored {} of asset {} to reuse: {}", kind, assetId, e.toString());
      return Optional.empty();
    }
    for (PriorArtifact candidate : candidates) {
      byte[] content = read(candidate);
      if (content != null) {
        return Optional.of(
            new Found(candidate.id(), ToolOutput.stored(kind, candidate.mediaType(), content)));
      }
    }
    return Optional.empty();
  }

  private byte @Nullable [] read(PriorArtifact candidate) {
    byte[] content;
    try (InputStream in = store.get(candidate.storageKey())) {
      content = in.readNBytes(MAX_BYTES + 1);
    } catch (ArtifactNotFoundException e) {
      log.warn(
          "Artifact {} ({}) has no blob in the store; not reused, made anew",
          candidate.id(),
          candidate.storageKey());
      return null;
    } catch (ArtifactStoreException | IOException e) {
      log.warn(
          "Artifact {} ({}) cannot be read ({}); not reused, made anew",
          candidate.id(),
          candidate.storageKey(),
          e.toString());
      return null;
    }
    if (content.length > MAX_BYTES) {
      log.warn("Artifact {} is larger than {} bytes; not reused", candidate.id(), MAX_BYTES);
      return null;
    }
    if (!sha256(content).equals(candidate.sha256())) {
      log.warn(
          "Artifact {}'s blob {} does not have the content its row names; not reused, made anew",
          candidate.id(),
          candidate.storageKey());
      return null;
    }
    return content;
  }

  private static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
