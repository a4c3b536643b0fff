package dev.darkroom.batch.tools.video;

import dev.darkroom.batch.tools.thumbnail.ThumbnailSettings;
import dev.darkroom.core.tool.MediaTypeSet;
import dev.darkroom.core.tool.PriorInput;
import dev.darkroom.core.tool.Tool;
import dev.darkroom.core.tool.ToolInput;
import dev.darkroom.core.tool.ToolOutput;
import dev.darkroom.core.tool.ToolParameters;
import dev.darkroom.core.tool.ToolResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.coobird.thumbnailator.Thumbnails;

/**
 * A video's {@code thumbnail}: its poster frame (the middle one of the frames it asks its {@link
 * FrameSource} for) fitted into {@code maxSize}, never enlarged, as a JPEG. It writes the same
 * artifact kind as the photo thumbnail tool, so a video shows up in the catalog like a picture.
 */
public final class VideoThumbnailTool implements Tool {

  public static final String ID = "video-thumbnail";
  public static final String VERSION = "1";
  public static final String KIND = "thumbnail";

  private final Ffmpeg ffmpeg;

  public VideoThumbnailTool(Ffmpeg ffmpeg) {
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
  public String outputKind() {
    return KIND;
  }

  @Override
  public Set<String> inputKinds() {
    return Set.of(VideoProbeTool.KIND, Frames.KIND);
  }

  @Override
  public MediaTypeSet acceptedMediaTypes() {
    return VideoProbeTool.ACCEPTED;
  }

  /**
   * The frames it asks for, when the pipeline has no {@code keyframes} step: a stored {@code
   * frames} artifact the keyframes tool made with the same settings serves (ADR 0036).
   */
  @Override
  public List<PriorInput> priorInputs(ToolParameters parameters) {
    return List.of(KeyframesTool.priorFrames(FrameSettings.from(parameters)));
  }

  @Override
  public ToolParameters resolveParameters(ToolParameters requested) {
    ToolParameters resolved =
        FrameToolParameters.resolve(
            ID,
            requested,
            Map.of(
                ThumbnailSettings.MAX_SIZE, ThumbnailSettings.DEFAULTS.maxSize(),
                ThumbnailSettings.QUALITY, ThumbnailSettings.DEFAULTS.quality()));
    settings(resolved); // validates the ranges
    return resolved;
  }

  private static ThumbnailSettings settings(ToolParameters parameters) {
    return new ThumbnailSettings(
        parameters.intValue(ThumbnailSettings.MAX_SIZE, ThumbnailSettings.DEFAULTS.maxSize()),
        parameters.doubleValue(ThumbnailSettings.QUALITY, ThumbnailSettings.DEFAULTS.quality()));
  }

  @Override
  public ToolResult process(ToolInput input) {
    if (!VideoProbeTool.ACCEPTED.accepts(input.mediaType())) {
      return ToolResult.skipped(input.mediaType() + " is not a video");
    }
    ToolParameters parameters = resolveParameters(input.parameters());
    Optional<String> unavailable = ffmpeg.unavailableReason();
    if (unavailable.isPresent()) {
      return ToolResult.skipped(unavailable.get());
    }
    ThumbnailSettings thumbnail = settings(parameters);
    try {
      FrameUse use =
          FrameUse.get(
              ffmpeg,
              input,
              FrameSettings.from(parameters),
              FrameToolParameters.persist(parameters));
      List<Frames.Frame> frames = use.frames().frames();
      byte[] poster = frames.get((frames.size() - 1) / 2).jpeg();
      return ToolResult.success(
          use.outputs(ToolOutput.stored(KIND, "image/jpeg", fit(poster, thumbnail))));
    } catch (VideoToolException e) {
      return VideoResults.failed("cannot make a poster frame: ", e);
    } catch (IOException e) {
      return ToolResult.failed("cannot decode the poster frame: " + e.getMessage());
    }
  }

  static byte[] fit(byte[] jpeg, ThumbnailSettings settings) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    var image = javax.imageio.ImageIO.read(new ByteArrayInputStream(jpeg));
    if (image == null) {
      throw new IOException("ffmpeg's frame is not a readable JPEG");
    }
    boolean fits = Math.max(image.getWidth(), image.getHeight()) <= settings.maxSize();
    var builder = Thumbnails.of(image);
    builder = fits ? builder.scale(1.0) : builder.size(settings.maxSize(), settings.maxSize());
    builder.outputFormat("jpg").outputQuality(settings.quality()).toOutputStream(out);
    return out.toByteArray();
  }
}
