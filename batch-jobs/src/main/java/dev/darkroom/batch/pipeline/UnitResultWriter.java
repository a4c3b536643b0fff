package dev.darkroom.batch.pipeline;

import dev.darkroom.core.artifact.ArtifactRepository;
import dev.darkroom.core.artifact.NewArtifact;
import dev.darkroom.core.asset.AssetMetadata;
import dev.darkroom.core.asset.AssetMetadataRepository;
import dev.darkroom.core.coverage.CoverageRepository;
import dev.darkroom.core.run.RunUnitRepository;
import dev.darkroom.core.storage.ArtifactStore;
import dev.darkroom.core.storage.StoredArtifact;
import dev.darkroom.core.tool.ToolOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The chunk commit protocol. First every payload goes into the {@link ArtifactStore}
 * (content-addressed, so a redo stores nothing new); then, in the chunk's transaction, the artifact
 * and lineage rows are inserted (idempotently), what the tools project into the catalog is copied
 * to the assets' columns ({@code Tool.catalogProjection}; the writer names no tool), a production
 * run's per-asset coverage is recorded (docs/coverage.md), and the units are finished: done, failed
 * with their reason, or skipped. A crash between the two leaves at most an unreferenced blob for
 * the sweeper, never a row without its blob; a unit is never done without its artifacts because
 * both commit together. Progress is reported after the commit.
 */
class UnitResultWriter implements ItemWriter<UnitResult> {

  private final long runId;
  private final int partitionNo;
  private final ArtifactStore store;
  private final ArtifactRepository artifacts;
  private final AssetMetadataRepository assetMetadata;
  private final RunUnitRepository units;
  private final @Nullable Duration artifactTtl;
  private final Clock clock;
  private final PipelineProgress.Listener listener;
  private final @Nullable CoverageRepository coverage;
  private final AtomicLong unitsCommitted = new AtomicLong();
  private final AtomicLong artifactsCommitted = new AtomicLong();

  UnitResultWriter(
      long runId,
      int partitionNo,
      ArtifactStore store,
      ArtifactRepository artifacts,
      AssetMetadataRepository assetMetadata,
      RunUnitRepository units,
      @Nullable Duration artifactTtl,
      Clock clock,
      PipelineProgress.Listener listener,
      @Nullable CoverageRepository coverage) {
    this.runId = runId;
    this.partitionNo = partitionNo;
    this.store = store;
    this.artifacts = artifacts;
    this.assetMetadata = assetMetadata;
    this.units = units;
    this.artifactTtl = artifactTtl;
    this.clock = clock;
    this.listener = listener;
    this.coverage = coverage;
  }

  @Override
  public void write(Chunk<? extends UnitResult> chunk) {
    List<? extends UnitResult> results = chunk.getItems();
    if (results.isEmpty()) {
      return;
    }
    List<NewArtifact> rows = new ArrayList<>();
    for (UnitResult result : results) {
      for (ProducedOutput produced : result.outputs()) {
        rows.add(row(result, produced));
      }
    }
    Instant expiresAt = artifactTtl == null ? null : clock.instant().plus(artifactTtl);
    artifacts.insertWithLineage(runId, expiresAt, rows);
    Map<Long, AssetMetadata> metadata = new LinkedHashMap<>();
    for (UnitResult result : results) {
      if (result.catalog() != null) {
        metadata.put(result.unit().assetId(), result.catalog());
      }
    }
    assetMetadata.updateAll(metadata);
    if (coverage != null) {
      coverage.record(runId, results.stream().flatMap(r -> r.coverage().stream()).toList());
    }
    units.finish(runId, results.stream().map(UnitResult::toUpdate).toList());
    reportAfterCommit(results.size(), rows.size(), results.get(results.size() - 1));
  }

  /** Stores a payload (before any row refers to it) and describes its row. */
  private NewArtifact row(UnitResult result, ProducedOutput produced) {
    ToolOutput output = produced.output();
    String storageKey = null;
    String sha256 = null;
    Long size = null;
    if (!output.isInline()) {
      StoredArtifact stored;
      try (InputStream content = output.openContent()) {
        stored = store.put(content, output.mediaType());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      storageKey = stored.key();
      sha256 = stored.sha256();
      size = stored.size();
    }
    return new NewArtifact(
        output.kind(),
        result.unit().assetId(),
        result.unit().unitKey(),
        storageKey,
        sha256,
        size,
        output.mediaType(),
        output.inlineJson(),
        produced.toolId(),
        produced.toolVersion(),
        produced.parameters().canonicalJson(),
        produced.parameters().sha256(),
        sameRunInputs(result, output),
        output.inputKinds().stream()
            .filter(kind -> result.reusedInputs().containsKey(kind))
            .map(kind -> result.reusedInputs().get(kind))
            .toList());
  }

  /**
   * The input kinds made in this run; the others stood in for by an earlier artifact (ADR 0036).
   */
  private static List<String> sameRunInputs(UnitResult result, ToolOutput output) {
    return output.inputKinds().stream()
        .filter(kind -> !result.reusedInputs().containsKey(kind))
        .toList();
  }

  private void reportAfterCommit(int unitCount, int artifactCount, UnitResult last) {
    if (!TransactionSynchronizationManager.isSynchronizationActive()) {
      return;
    }
    String lastKey = last.unit().unitKey();
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          @Override
          public void afterCommit() {
            listener.onChunkCommitted(
                new PipelineProgress(
                    runId,
                    partitionNo,
                    unitsCommitted.addAndGet(unitCount),
                    artifactsCommitted.addAndGet(artifactCount),
                    lastKey));
          }
        });
  }
}
