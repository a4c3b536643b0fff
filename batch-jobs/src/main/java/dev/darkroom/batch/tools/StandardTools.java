package dev.darkroom.batch.tools;

import dev.darkroom.batch.tools.heif.HeifConvert;
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
    return registry(ToolProperties.defaults());
  }

  /** The same, the external programs' time limits from {@code darkroom.tools.*}. */
  public static ToolRegistry registry(ToolProperties properties) {
    return registry(
        Ffmpeg.fromPath(properties.ffprobeTimeout(), properties.ffmpegTimeout()),
        HeifConvert.fromPath(properties.heifConvertTimeout()));
  }

  /** The same, with the video tools over the given ffmpeg (tests count its runs). */
  public static ToolRegistry registry(Ffmpeg ffmpeg) {
    return registry(ffmpeg, HeifConvert.fromPath());
  }

  private static ToolRegistry registry(Ffmpeg ffmpeg, HeifConvert heif) {
    return ToolRegistry.of(
        new ImageMetadataTool(),
        new ThumbnailTool(heif),
        new PhashTool(),
        new VideoProbeTool(ffmpeg),
        new KeyframesTool(ffmpeg),
        new VideoThumbnailTool(ffmpeg),
        new ContactSheetTool(ffmpeg));
  }
}
