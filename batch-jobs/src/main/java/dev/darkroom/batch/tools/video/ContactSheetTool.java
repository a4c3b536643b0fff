package dev.darkroom.batch.tools.video;

import dev.darkroom.core.tool.MediaTypeSet;
import dev.darkroom.core.tool.PriorInput;
import dev.darkroom.core.tool.Tool;
import dev.darkroom.core.tool.ToolInput;
import dev.darkroom.core.tool.ToolOutput;
import dev.darkroom.core.tool.ToolParameters;
import dev.darkroom.core.tool.ToolResult;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * A video's {@code contact-sheet}: the frames it asks its {@link FrameSource} for, laid out in time
 * order on a near-square grid (3×3 for nine frames) on a dark background, as one JPEG.
 */
public final class ContactSheetTool implements Tool {

  public static final String ID = "contact-sheet";
  public static final String VERSION = "1";
  public static final String KIND = "contact-sheet";

  static final String QUALITY = "quality";
  private static final double DEFAULT_QUALITY = 0.85;

  /** Pixels between cells and around the grid. */
  private static final int GAP = 4;

  private final Ffmpeg ffmpeg;

  public ContactSheetTool(Ffmpeg ffmpeg) {
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
        FrameToolParameters.resolve(ID, requested, Map.of(QUALITY, DEFAULT_QUALITY));
    double quality = resolved.doubleValue(QUALITY, DEFAULT_QUALITY);
    if (!(quality > 0 && quality <= 1)) {
      throw new dev.darkroom.core.tool.InvalidToolParametersException(
          "contact-sheet quality must be above 0 and at most 1, was " + quality);
    }
    return resolved;
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
    try {
      FrameUse use =
          FrameUse.get(
              ffmpeg,
              input,
              FrameSettings.from(parameters),
              FrameToolParameters.persist(parameters));
      byte[] sheet = sheet(use.frames(), parameters.doubleValue(QUALITY, DEFAULT_QUALITY));
      return ToolResult.success(use.outputs(ToolOutput.stored(KIND, "image/jpeg", sheet)));
    } catch (VideoToolException e) {
      return VideoResults.failed("cannot make a contact sheet: ", e);
    } catch (IOException e) {
      return ToolResult.failed("cannot decode a frame: " + e.getMessage());
    }
  }

  static byte[] sheet(Frames frames, double quality) throws IOException {
    List<BufferedImage> images = new ArrayList<>();
    int cellWidth = 1;
    int cellHeight = 1;
    for (Frames.Frame frame : frames.frames()) {
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(frame.jpeg()));
      if (image == null) {
        throw new IOException("ffmpeg's frame at " + frame.atMs() + " ms is not a readable JPEG");
      }
      images.add(image);
      cellWidth = Math.max(cellWidth, image.getWidth());
      cellHeight = Math.max(cellHeight, image.getHeight());
    }
    int columns = (int) Math.ceil(Math.sqrt(images.size()));
    int rows = (images.size() + columns - 1) / columns;
    BufferedImage sheet =
        new BufferedImage(
            GAP + columns * (cellWidth + GAP),
            GAP + rows * (cellHeight + GAP),
            BufferedImage.TYPE_INT_RGB);
    Graphics2D g = sheet.createGraphics();
    try {
      g.setColor(new Color(0x20, 0x20, 0x20));
      g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
      for (int i = 0; i < images.size(); i++) {
        BufferedImage image = images.get(i);
        int x = GAP + (i % columns) * (cellWidth + GAP) + (cellWidth - image.getWidth()) / 2;
        int y = GAP + (i / columns) * (cellHeight + GAP) + (cellHeight - image.getHeight()) / 2;
        g.drawImage(image, x, y, null);
      }
    } finally {
      g.dispose();
    }
    return jpeg(sheet, quality);
  }

  private static byte[] jpeg(BufferedImage image, double quality) throws IOException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream target = new MemoryCacheImageOutputStream(out)) {
      writer.setOutput(target);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality((float) quality);
      writer.write(null, new IIOImage(image, null, null), param);
    } finally {
      writer.dispose();
    }
    return out.toByteArray();
  }
}
