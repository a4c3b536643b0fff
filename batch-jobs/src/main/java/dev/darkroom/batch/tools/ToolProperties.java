package dev.darkroom.batch.tools;

import dev.darkroom.batch.tools.heif.HeifConvert;
import dev.darkroom.batch.tools.video.Ffmpeg;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Time limits of the external programs the shipped tools run as child processes ({@code
 * darkroom.tools.*}). A child that overruns its limit is killed with its descendants and the unit
 * fails with the limit named; a cancelled or paused run kills it at once, whatever the limit.
 *
 * @param ffprobeTimeout one {@code ffprobe} of a video (headers only: seconds even when loaded)
 * @param ffmpegTimeout one {@code ffmpeg} run extracting a video's frames (seeks, never decodes the
 *     whole video; raise it for slow disks or network mounts)
 * @param heifConvertTimeout one {@code heif-convert} decode of a HEIC/HEIF/AVIF picture
 */
@ConfigurationProperties("darkroom.tools")
public record ToolProperties(
    @DefaultValue("60s") Duration ffprobeTimeout,
    @DefaultValue("180s") Duration ffmpegTimeout,
    @DefaultValue("60s") Duration heifConvertTimeout) {

  public ToolProperties {
    requirePositive(ffprobeTimeout, "darkroom.tools.ffprobe-timeout");
    requirePositive(ffmpegTimeout, "darkroom.tools.ffmpeg-timeout");
    requirePositive(heifConvertTimeout, "darkroom.tools.heif-convert-timeout");
  }

  /** The defaults, where no Spring context binds them (benchmarks, tests). */
  public static ToolProperties defaults() {
    return new ToolProperties(
        Ffmpeg.DEFAULT_PROBE_TIMEOUT, Ffmpeg.DEFAULT_FRAMES_TIMEOUT, HeifConvert.DEFAULT_TIMEOUT);
  }

  private static void requirePositive(Duration value, String name) {
    if (value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException(name + " must be positive, e.g. 60s; was " + value);
    }
  }
}
