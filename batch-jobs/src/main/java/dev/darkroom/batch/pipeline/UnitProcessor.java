package dev.darkroom.batch.pipeline;

import dev.darkroom.core.asset.AssetMetadata;
import dev.darkroom.core.coverage.StepOutcome;
import dev.darkroom.core.run.PendingUnit;
import dev.darkroom.core.run.UnitStatus;
import dev.darkroom.core.tool.OriginalSource;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
 */
class UnitProcessor implements ItemProcessor<PendingUnit, UnitResult> {

  private final List<PipelineTool> tools;
  private final ArchiveReader archive;
  private final ToolRunner runner;

  UnitProcessor(List<PipelineTool> tools, ArchiveReader archive, ToolRunner runner) {
    this.tools = List.copyOf(tools);
    this.archive = archive;
    this.runner = runner;
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
    for (PipelineTool step : tools) {
      String id = step.tool().id();
      boolean applies = step.tool().acceptedMediaTypes().accepts(unit.mediaType());
      Map<String, ToolOutput> upstream = upstream(outputs);
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
          catalog);
    }
    if (!skips.isEmpty()) {
      // A tool that did nothing keeps the unit from counting as done, even when another tool
      // succeeded: a HEIC with metadata but no thumbnail is not a finished photo.
      return new UnitResult(
          unit, outputs, UnitStatus.SKIPPED, String.join("; ", skips), attempts, coverage, catalog);
    }
    return new UnitResult(unit, outputs, UnitStatus.DONE, null, attempts, coverage, catalog);
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

  /** What the earlier tools produced for this unit, by kind (the first of a kind wins). */
  private static Map<String, ToolOutput> upstream(List<ProducedOutput> outputs) {
    Map<String, ToolOutput> byKind = new LinkedHashMap<>();
    for (ProducedOutput produced : outputs) {
      byKind.putIfAbsent(produced.output().kind(), produced.output());
    }
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
