package dev.darkroom.batch.tools;

import dev.darkroom.batch.tools.metadata.ImageMetadataTool;
import dev.darkroom.batch.tools.phash.PhashTool;
import dev.darkroom.batch.tools.thumbnail.ThumbnailTool;
import dev.darkroom.core.tool.ToolRegistry;

/** The tools this build ships, for workers, the server and benchmarks alike. */
public final class StandardTools {

  private StandardTools() {}

  /** A registry holding {@code image-metadata}, {@code thumbnail} and {@code phash}. */
  public static ToolRegistry registry() {
    return ToolRegistry.of(new ImageMetadataTool(), new ThumbnailTool(), new PhashTool());
  }
}
