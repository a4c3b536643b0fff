package dev.darkroom.batch.pipeline;

import dev.darkroom.core.asset.AssetMetadata;
import dev.darkroom.core.coverage.StepOutcome;
import dev.darkroom.core.run.PendingUnit;
import dev.darkroom.core.run.UnitStatus;
import dev.darkroom.core.tool.OriginalSource;
import dev.darkroom.core.tool.PriorInput;
import dev.darkroom.core.tool.ToolInput;
import dev.darkroom.core.tool.ToolOutput;
import dev.darkroom.core.tool.ToolResult;
import dev.darkroom.storage.archive.ArchiveAccessException;
import dev.darkroom.storage.archive.ArchiveReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.batch.infrastructure.item.ItemProcessor;

/**
 * Runs the pipeline's tools, in order, on one unit's original (opened read-only through the {@link
 * ArchiveReader}) and returns the outputs with the unit's status: FAILED if any tool failed (its
 * reason, prefixed by the tool id), else SKIPPED if any tool skipped it (its reason, e.g. {@code
 * thumbnail: tool unavailable (heif-convert not found)}; the other tools' outputs are still
 * written), else DONE. A unit is never done with one of its tools silently missing. A failing tool
 * does not stop the tools after it (the metadata of a damaged JPEG is still worth having) unless
 * they read its output ({@code Tool.inputKinds}): those record {@code not run: input missing
 * (<kind>)}, after the failure that caused it. What the outputs project into the catalog is
 * collected here from each tool ({@code Tool.catalogProjection}), so the writer names no tool.
 * Never returns null: every unit read is finished by the writer.
 *
 * <p>With {@link PriorOutputs} (ADR 0036), a step whose tool is {@code reusableAcrossRuns} is not
 * run when an artifact it made for the asset with the same version and parameters is stored and
 * readable: that artifact is the step's output for later steps, the step counts as produced in
 * coverage, and no new artifact is written for it. Likewise a tool's {@code priorInputs} that no
 * earlier step made are looked up before it runs. Outputs derived from a reused artifact name it in
 * their lineage.
 */
class UnitProcessor implements ItemProcessor<PendingUnit, UnitResult> {

  private final List<PipelineTool> tools;
  private final ArchiveReader archive;
  private final ToolRunner runner;
  private final @Nullable PriorOutputs prior;

  UnitProcessor(List<PipelineTool> tools, ArchiveReader archive, ToolRunner runner) {
    this(tools, archive, runner, null);
  }

  /**
   * @param prior where earlier runs' artifacts are looked up for reuse, or null to make everything
   */
  UnitProcessor(
      List<PipelineTool> tools,
      ArchiveReader archive,
      ToolRunner runner,
      @Nullable PriorOutputs prior) {
    this.tools = List.copyOf(tools);
    this.archive = archive;
    this.runner = runner;
    this.prior = prior;
  }

  @Override
  public UnitResult process(PendingUnit unit) {
    String root = unit.rootName();
    String path = unit.relPath();
    if (root == null || path == null) {
      return failedEverywhere(unit, "the original is gone: the catalog has no live location");
    }
    try {
      archive.root(root);
    } catch (ArchiveAccessException e) {
      return failedEverywhere(unit, String.valueOf(e.getMessage()));
    }
    OriginalSource original = new ArchiveOriginal(archive, root, path);
    List<ProducedOutput> outputs = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    List<String> skips = new ArrayList<>();
    List<String> notRun = new ArrayList<>();
    List<StepOutcome> coverage = new ArrayList<>();
    AssetMetadata catalog = null;
    List<String> promised = new ArrayList<>(); // kinds earlier steps make, in pipeline order
    int attempts = 1;
    Map<String, PriorOutputs.Found> reused = new LinkedHashMap<>(); // by kind
    Set<PriorInput> lookedUp = new HashSet<>(); // once per unit, found or not
    for (PipelineTool step : tools) {
      String id = step.tool().id();
      boolean applies = step.tool().acceptedMediaTypes().accepts(unit.mediaType());
      Map<String, ToolOutput> upstream = upstream(outputs, reused);
      Optional<String> missing =
          applies ? missingInput(step, promised, upstream) : Optional.empty();
      promised.add(step.tool().outputKind());
      if (missing.isPresent()) {
        // The step that should have made it failed or skipped and said so; a second error
        // about the same cause would only bury the first.
        String note = id + ": not run: input missing (" + missing.get() + ")";
        skips.add(note);
        notRun.add(note);
        continue;
      }
      if (applies && prior != null) {
        PriorInput own =
            new PriorInput(step.tool().outputKind(), id, step.tool().version(), step.parameters());
        Optional<PriorOutputs.Found> found =
            step.tool().reusableAcrossRuns()
                ? lookUp(unit, own, upstream, reused, lookedUp)
                : Optional.empty();
        if (found.isPresent()) {
          catalog = step.tool().catalogProjection(found.get().output()).orElse(catalog);
          coverage.add(
              StepOutcome.produced(
                  unit.assetId(), id, step.tool().version(), step.parameters().sha256()));
          continue;
        }
        for (PriorInput wanted : step.tool().priorInputs(step.parameters())) {
          lookUp(unit, wanted, upstream, reused, lookedUp);
        }
        upstream = upstream(outputs, reused);
      }
      ToolRunner.Attempt attempt =
          runner.run(
              step.tool(),
              new ToolInput(
                  unit.assetId(), unit.mediaType(), original, step.parameters(), upstream));
      attempts = Math.max(attempts, attempt.tries());
      ToolResult result = attempt.result();
      if (result instanceof ToolResult.Success success) {
        for (ToolOutput output : success.outputs()) {
          outputs.add(new ProducedOutput(output, id, step.tool().version(), step.parameters()));
          catalog = step.tool().catalogProjection(output).orElse(catalog);
        }
        if (applies) {
          coverage.add(
              StepOutcome.produced(
                  unit.assetId(), id, step.tool().version(), step.parameters().sha256()));
        }
      } else if (result instanceof ToolResult.Failed failed) {
        failures.add(id + ": " + failed.reason());
        if (applies) {
          coverage.add(
              StepOutcome.failed(
                  unit.assetId(),
                  id,
                  step.tool().version(),
                  step.parameters().sha256(),
                  failed.reason()));
        }
      } else if (result instanceof ToolResult.Skipped skipped) {
        skips.add(id + ": " + skipped.reason());
      }
    }
    Map<String, Long> reusedInputs = new LinkedHashMap<>();
    Set<String> made = upstream(outputs, Map.of()).keySet();
    reused.forEach(
        (kind, found) -> {
          if (!made.contains(kind)) {
            reusedInputs.put(kind, found.artifactId());
          }
        });
    if (!failures.isEmpty()) {
      List<String> reasons = new ArrayList<>(failures);
      reasons.addAll(notRun); // after the failure that caused them
      return new UnitResult(
          unit,
          outputs,
          UnitStatus.FAILED,
          String.join("; ", reasons),
          attempts,
          coverage,
          catalog,
          reusedInputs);
    }
    if (!skips.isEmpty()) {
      // A tool that did nothing keeps the unit from counting as done, even when another tool
      // succeeded: a HEIC with metadata but no thumbnail is not a finished photo.
      return new UnitResult(
          unit,
          outputs,
          UnitStatus.SKIPPED,
          String.join("; ", skips),
          attempts,
          coverage,
          catalog,
          reusedInputs);
    }
    return new UnitResult(
        unit, outputs, UnitStatus.DONE, null, attempts, coverage, catalog, reusedInputs);
  }

  /**
   * The stored artifact {@code wanted} describes, when the unit has none of its kind yet and one is
   * stored and readable; remembered in {@code reused}. Each is looked up once per unit.
   */
  private Optional<PriorOutputs.Found> lookUp(
      PendingUnit unit,
      PriorInput wanted,
      Map<String, ToolOutput> upstream,
      Map<String, PriorOutputs.Found> reused,
      Set<PriorInput> lookedUp) {
    if (prior == null || upstream.containsKey(wanted.kind()) || !lookedUp.add(wanted)) {
      return Optional.empty();
    }
    Optional<PriorOutputs.Found> found =
        prior.find(
            unit.assetId(),
            wanted.kind(),
            wanted.toolId(),
            wanted.toolVersion(),
            wanted.parameters());
    found.ifPresent(f -> reused.put(wanted.kind(), f));
    return found;
  }

  /**
   * The input kind of the step that an earlier step was to make but did not make for this unit, the
   * earliest such step's (the root cause) when several; empty when the step can run.
   */
  private static Optional<String> missingInput(
      PipelineTool step, List<String> promised, Map<String, ToolOutput> upstream) {
    Set<String> reads = step.tool().inputKinds();
    return promised.stream()
        .filter(kind -> reads.contains(kind) && !upstream.containsKey(kind))
        .findFirst();
  }

  /**
   * What the earlier tools produced for this unit, by kind (the first of a kind wins), then what
   * earlier runs' artifacts supply for kinds this run has not made.
   */
  private static Map<String, ToolOutput> upstream(
      List<ProducedOutput> outputs, Map<String, PriorOutputs.Found> reused) {
    Map<String, ToolOutput> byKind = new LinkedHashMap<>();
    for (ProducedOutput produced : outputs) {
      byKind.putIfAbsent(produced.output().kind(), produced.output());
    }
    reused.forEach((kind, found) -> byKind.putIfAbsent(kind, found.output()));
    return byKind;
  }

  /** A unit no tool could look at: every step that applies to it failed for the same reason. */
  private UnitResult failedEverywhere(PendingUnit unit, String error) {
    List<StepOutcome> coverage = new ArrayList<>();
    for (PipelineTool step : tools) {
      if (step.tool().acceptedMediaTypes().accepts(unit.mediaType())) {
        coverage.add(
            StepOutcome.failed(
                unit.assetId(),
                step.tool().id(),
                step.tool().version(),
                step.parameters().sha256(),
                error));
      }
    }
    return UnitResult.failed(unit, error).withCoverage(coverage);
  }

  /** An original in the read-only archive, with its modification time from the file system. */
  private record ArchiveOriginal(ArchiveReader archive, String root, String path)
      implements OriginalSource {

    @Override
    public InputStream open() throws IOException {
      return archive.open(root, path);
    }

    @Override
    public Optional<Path> file() {
      try {
        return Optional.of(archive.resolve(root, path)); // confined to the root, as open() is
      } catch (RuntimeException e) {
        return Optional.empty(); // open() then reports why, as a transient failure
      }
    }

    @Override
    public Optional<Instant> lastModified() {
      try {
        return Optional.of(Files.getLastModifiedTime(archive.resolve(root, path)).toInstant());
      } catch (IOException | RuntimeException e) {
        // Unreadable metadata only costs the last-resort capture time.
        return Optional.empty();
      }
    }
  }
}
