package dev.darkroom.batch.tools.video;

import dev.darkroom.core.asset.AssetMetadata;
import dev.darkroom.core.tool.MediaTypeSet;
import dev.darkroom.core.tool.Tool;
import dev.darkroom.core.tool.ToolInput;
import dev.darkroom.core.tool.ToolOutput;
import dev.darkroom.core.tool.ToolParameters;
import dev.darkroom.core.tool.ToolResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Describes a video with ffprobe: duration, streams and codecs, rotation, capture time (QuickTime
 * creation dates), camera and GPS (ISO 6709 location tags), as an inline JSON artifact ({@link
 * VideoProbe#toJson()}) whose capture time, dimensions, duration and GPS the catalog copies into
 * the asset. A file ffprobe cannot read fails with ffprobe's own message; a worker without ffprobe
 * skips videos, naming the missing program. Like HEIF decoding, this is a worker capability, not a
 * run preflight ({@code ToolReadiness}): a run over a mixed collection is never refused for it, and
 * each video unit says why it was skipped.
 */
public final class VideoProbeTool implements Tool {

  public static final String ID = "video-probe";
  public static final String VERSION = "1";
  public static final String KIND = "video-probe";

  static final MediaTypeSet ACCEPTED = MediaTypeSet.of("video/*");

  private final Ffmpeg ffmpeg;

  public VideoProbeTool(Ffmpeg ffmpeg) {
    this.ffmpeg = ffmpeg;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String version() {
    return VERSION;
  }

  @Override
  public MediaTypeSet acceptedMediaTypes() {
    return ACCEPTED;
  }

  /** The tool has no parameters; any given is an error. */
  @Override
  public ToolParameters resolveParameters(ToolParameters requested) {
    requested.requireOnly(List.of(), ID);
    return ToolParameters.empty();
  }

  @Override
  public Optional<AssetMetadata> catalogProjection(ToolOutput output) {
    String json = output.inlineJson();
    if (!output.kind().equals(KIND) || json == null) {
      return Optional.empty();
    }
    return Optional.of(VideoProbe.fromJson(json).toAssetMetadata());
  }

  @Override
  public ToolResult process(ToolInput input) {
    if (!ACCEPTED.accepts(input.mediaType())) {
      return ToolResult.skipped(input.mediaType() + " is not a video");
    }
    resolveParameters(input.parameters());
    Optional<String> unavailable = ffmpeg.unavailableReason();
    if (unavailable.isPresent()) {
      return ToolResult.skipped(unavailable.get());
    }
    try {
      return ToolResult.success(ToolOutput.inline(KIND, probe(ffmpeg, input).toJson()));
    } catch (VideoToolException e) {
      return VideoResults.failed("cannot read video: ", e);
    }
  }

  /** Probes the input's original in place (a temporary copy only when it is not a file). */
  static VideoProbe probe(Ffmpeg ffmpeg, ToolInput input) throws VideoToolException {
    Path dir = null;
    try {
      dir = ffmpeg.tempDirectory();
      Path video = Ffmpeg.asFile(input.original().file().orElse(null), input.original()::open, dir);
      if (Files.isRegularFile(video) && Files.size(video) == 0) {
        throw new VideoToolException("the file is empty (0 bytes)");
      }
      String json = ffmpeg.probeJson(video, dir);
      VideoProbe probe = VideoProbe.fromFfprobe(json, input.original().lastModified().orElse(null));
      if (probe.width() == null) {
        throw new VideoToolException("the file has no video stream");
      }
      return probe;
    } catch (IOException e) {
      throw new VideoToolException("cannot read the original: " + e.getMessage(), true);
    } catch (IllegalArgumentException e) {
      throw new VideoToolException(e.getMessage());
    } finally {
      if (dir != null) {
        Ffmpeg.deleteRecursively(dir);
      }
    }
  }
}
