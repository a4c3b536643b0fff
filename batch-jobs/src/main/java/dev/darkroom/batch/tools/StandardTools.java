package dev.darkroom.batch.tools;

import dev.darkroom.batch.tools.metadata.ImageMetadataTool;
import dev.darkroom.batch.tools.phash.PhashTool;
import dev.darkroom.batch.tools.thumbnail.ThumbnailTool;
import dev.darkroom.batch.tools.video.ContactSheetTool;
import dev.darkroom.batch.tools.video.Ffmpeg;
import dev.darkroom.batch.tools.video.KeyframesTool;
import dev.darkroom.batch.tools.video.VideoProbeTool;
import dev.darkroom.batch.tools.video.VideoThumbnailTool;
import dev.darkroom.core.tool.ToolRegistry;

/** The tools this build ships, for workers, the server and benchmarks alike. */
public final class StandardTools {

  private StandardTools() {}

  /**
   * A registry holding {@code image-metadata}, {@code thumbnail}, {@code phash}, and the video
   * tools over ffmpeg/ffprobe from the {@code PATH}.
   */
  public static ToolRegistry registry() {
    return registry(Ffmpeg.fromPath());
  }

  /** The same, with the video tools over the given ffmpeg (tests count its runs). */
  public static ToolRegistry registry(Ffmpeg ffmpeg) {
    return ToolRegistry.of(
        new ImageMetadataTool(),
        new ThumbnailTool(),
        new PhashTool(),
        new VideoProbeTool(ffmpeg),
        new KeyframesTool(ffmpeg),
        new VideoThumbnailTool(ffmpeg),
        new ContactSheetTool(ffmpeg));
  }
}
