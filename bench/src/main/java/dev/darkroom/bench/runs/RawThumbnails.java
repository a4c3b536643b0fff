package dev.darkroom.bench.runs;

import dev.darkroom.batch.tools.heif.HeifConvert;
import dev.darkroom.batch.tools.thumbnail.ThumbnailSettings;
import dev.darkroom.batch.tools.thumbnail.ThumbnailTool;
import dev.darkroom.core.run.RunPolicy;
import dev.darkroom.core.storage.ArtifactStore;
import dev.darkroom.core.tool.ToolInput;
import dev.darkroom.core.tool.ToolOutput;
import dev.darkroom.core.tool.ToolParameters;
import dev.darkroom.core.tool.ToolResult;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The raw tool loop of the thumbnail benchmark, one file at a time per thread: a HEIC is decoded by
 * {@code heif-convert} straight from the original (the product first copies it to a private
 * directory) into a JPEG, which the thumbnail code turns into a {@code maxSize} thumbnail as the
 * sandbox run resolves it; a JPEG goes to the thumbnail code directly. The thumbnail is put into an
 * artifact store; no rows, no lineage, no coverage. Thread-safe.
 */
final class RawThumbnails {

  /** The thumbnail code with no HEIF decoder of its own: HEICs are decoded here, as raw work. */
  private final ThumbnailTool thumbnail =
      new ThumbnailTool(
          new HeifConvert(null, HeifConvert.DEFAULT_TIMEOUT, Path.of("/nonexistent")));

  private final ToolParameters parameters =
      thumbnail.resolveParameters(
          ToolParameters.of(
              Map.of(ThumbnailSettings.MAX_SIZE, RunPolicy.sandbox(1, 1).thumbnailSize())));

  private final ArtifactStore store;
  private final Path temp;

  RawThumbnails(ArtifactStore store, Path temp) {
    this.store = store;
    this.temp = temp;
  }

  /** The thumbnail tool's parameters, to compare with the run's lineage. */
  Map<String, String> parameters() {
    return Map.of(ThumbnailTool.ID, parameters.canonicalJson());
  }

  /** Makes and stores one thumbnail; returns 1. */
  long process(BenchAsset asset) throws IOException, InterruptedException {
    boolean heif = asset.mediaType().startsWith("image/hei");
    Path dir = heif ? Files.createTempDirectory(temp, "raw-heif-") : null;
    try {
      Path jpeg = asset.file();
      if (dir != null) {
        jpeg = dir.resolve("out.jpg");
        Process process =
            new ProcessBuilder(
                    HeifConvert.PROGRAM, "-q", "92", asset.file().toString(), jpeg.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
          process.destroyForcibly();
          throw new IllegalStateException("heif-convert failed on " + asset.file());
        }
      }
      Path decoded = jpeg;
      ToolResult result =
          thumbnail.process(
              new ToolInput(
                  asset.id(), "image/jpeg", () -> Files.newInputStream(decoded), parameters));
      if (!(result instanceof ToolResult.Success success)) {
        throw new IllegalStateException("no thumbnail of " + asset.file() + ": " + result);
      }
      for (ToolOutput output : success.outputs()) {
        try (InputStream content = output.openContent()) {
          store.put(content, output.mediaType());
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      return 1;
    } finally {
      if (dir != null) {
        RunBenchmark.deleteTree(dir);
      }
    }
  }
}
