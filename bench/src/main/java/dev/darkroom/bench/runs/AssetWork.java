package dev.darkroom.bench.runs;

import dev.darkroom.batch.tools.StandardTools;
import dev.darkroom.batch.tools.metadata.ImageMetadataTool;
import dev.darkroom.batch.tools.thumbnail.ThumbnailSettings;
import dev.darkroom.batch.tools.thumbnail.ThumbnailTool;
import dev.darkroom.core.storage.ArtifactStore;
import dev.darkroom.core.tool.Tool;
import dev.darkroom.core.tool.ToolInput;
import dev.darkroom.core.tool.ToolOutput;
import dev.darkroom.core.tool.ToolParameters;
import dev.darkroom.core.tool.ToolRegistry;
import dev.darkroom.core.tool.ToolResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

/**
 * The per-asset work of the baselines (b) and (c): the {@code images-basic} tools from {@link
 * StandardTools#registry()}, {@code image-metadata} then {@code thumbnail}, with the parameters the
 * sandbox run resolves (thumbnail {@code maxSize} 256), each stored payload put into an {@link
 * ArtifactStore}. Inline outputs (the metadata JSON) are kept in memory only: persisting rows is
 * part of what Darkroom's run adds. Thread-safe.
 */
final class AssetWork {

  static final int THUMBNAIL_SIZE = 256;

  private final List<Step> steps;
  private final ArtifactStore store;

  private record Step(Tool tool, ToolParameters parameters) {}

  AssetWork(ArtifactStore store) {
    ToolRegistry registry = StandardTools.registry();
    Tool metadata = registry.get(ImageMetadataTool.ID);
    Tool thumbnail = registry.get(ThumbnailTool.ID);
    this.steps =
        List.of(
            new Step(metadata, metadata.resolveParameters(ToolParameters.empty())),
            new Step(
                thumbnail,
                thumbnail.resolveParameters(
                    ToolParameters.of(Map.of(ThumbnailSettings.MAX_SIZE, THUMBNAIL_SIZE)))));
    this.store = store;
  }

  /** The effective parameters, tool id to canonical JSON, to compare with run (a)'s lineage. */
  Map<String, String> parameters() {
    return Map.of(
        steps.get(0).tool().id(), steps.get(0).parameters().canonicalJson(),
        steps.get(1).tool().id(), steps.get(1).parameters().canonicalJson());
  }

  /** Runs both tools on one asset and stores the payloads; returns the number of outputs. */
  int process(BenchAsset asset) {
    int outputs = 0;
    for (Step step : steps) {
      ToolResult result =
          step.tool()
              .process(
                  new ToolInput(
                      asset.id(),
                      asset.mediaType(),
                      () -> Files.newInputStream(asset.file()),
                      step.parameters()));
      if (!(result instanceof ToolResult.Success success)) {
        throw new IllegalStateException(
            step.tool().id() + " did not succeed on " + asset.file() + ": " + result);
      }
      for (ToolOutput output : success.outputs()) {
        if (!output.isInline()) {
          try (InputStream content = output.openContent()) {
            store.put(content, output.mediaType());
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
        outputs++;
      }
    }
    return outputs;
  }
}
