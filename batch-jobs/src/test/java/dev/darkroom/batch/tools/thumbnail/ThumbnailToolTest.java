package dev.darkroom.batch.tools.thumbnail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkroom.batch.sample.SampleArchive;
import dev.darkroom.batch.sample.SampleArchiveGenerator;
import dev.darkroom.batch.sample.SampleFile;
import dev.darkroom.batch.sample.SampleFileKind;
import dev.darkroom.batch.tools.ToolInputs;
import dev.darkroom.core.tool.InvalidToolParametersException;
import dev.darkroom.core.tool.ToolOutput;
import dev.darkroom.core.tool.ToolParameters;
import dev.darkroom.core.tool.ToolResult;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThumbnailToolTest {

  private static final ToolParameters SANDBOX = ToolParameters.of(Map.of("maxSize", 256));

  @TempDir static Path dir;
  static SampleArchive archive;

  private final ThumbnailTool tool = new ThumbnailTool();

  @BeforeAll
  static void generate() throws IOException {
    archive = SampleArchiveGenerator.generate(dir.resolve("archive"));
  }

  @Test
  void everyDecodableSampleGetsAThumbnailWithinMaxSizeTurnedUpright() throws IOException {
    List<SampleFile> decodable = archive.files().stream().filter(SampleFile::decodable).toList();
    assertThat(decodable).hasSizeGreaterThan(25);

    for (SampleFile file : decodable) {
      BufferedImage thumbnail = thumbnailOf(file, SANDBOX);

      boolean swaps = file.exif() != null && file.exif().swapsDimensions();
      int uprightWidth = swaps ? file.height() : file.width();
      int uprightHeight = swaps ? file.width() : file.height();
      assertThat(Math.max(thumbnail.getWidth(), thumbnail.getHeight()))
          .as(file.path())
          .isEqualTo(Math.min(256, Math.max(uprightWidth, uprightHeight)));
      assertThat((double) thumbnail.getWidth() / thumbnail.getHeight())
          .as("aspect ratio of " + file.path())
          .isCloseTo(
              (double) uprightWidth / uprightHeight, org.assertj.core.data.Offset.offset(0.02));
    }
  }

  @Test
  void productionDefaultIs512AndTheBigPhotoShrinksToIt() throws IOException {
    SampleFile big = archive.file("2019/2019-07 Lake trip/IMG_0412.jpg");
    BufferedImage thumbnail = thumbnailOf(big, tool.resolveParameters(ToolParameters.empty()));
    assertThat(thumbnail.getWidth()).isEqualTo(512);
    assertThat(thumbnail.getHeight()).isEqualTo(384);
  }

  @Test
  void orientationsSixAndEightAreRotatedTheRightWay() throws IOException {
    List<SampleFile> rotated =
        archive.ofKind(SampleFileKind.VALID_IMAGE).stream()
            .filter(f -> f.exif() != null && f.exif().swapsDimensions())
            .toList();
    assertThat(rotated).extracting(f -> f.exif().orientation()).contains(6, 8);

    for (SampleFile file : rotated) {
      BufferedImage stored = ImageIO.read(archive.resolve(file).toFile());
      BufferedImage thumbnail = thumbnailOf(file, SANDBOX);
      assertThat(thumbnail.getWidth() < thumbnail.getHeight())
          .as("stored %dx%d, so upright is the other way round", file.width(), file.height())
          .isEqualTo(stored.getWidth() > stored.getHeight());

      boolean clockwise = file.exif().orientation() == 6; // 6: turn 90° clockwise to display
      double right = Pictures.meanDifference(thumbnail, Pictures.rotate(stored, clockwise));
      double wrong = Pictures.meanDifference(thumbnail, Pictures.rotate(stored, !clockwise));
      assertThat(right).as(file.path()).isLessThan(wrong / 2);
    }
  }

  @Test
  void neverUpscalesASmallImage() throws IOException {
    SampleFile logo = archive.file("Scans/logo-transparent.png");
    BufferedImage thumbnail = thumbnailOf(logo, ToolParameters.of(Map.of("maxSize", 1024)));
    assertThat(thumbnail.getWidth()).isEqualTo(logo.width());
    assertThat(thumbnail.getHeight()).isEqualTo(logo.height());
  }

  @Test
  void transparentPixelsBecomeWhite() throws IOException {
    BufferedImage thumbnail = thumbnailOf(archive.file("Scans/logo-transparent.png"), SANDBOX);
    int corner = thumbnail.getRGB(0, 0) & 0xFFFFFF;
    assertThat(corner >> 16 & 0xFF).isGreaterThan(240);
    assertThat(corner >> 8 & 0xFF).isGreaterThan(240);
    assertThat(corner & 0xFF).isGreaterThan(240);
  }

  @Test
  void outputIsAJpegArtifactAndTheSameForTheSameInput() {
    SampleFile photo = archive.file("2020/2020-02 Reykjavik/DSCF0101.jpg");
    ToolOutput first = onlyOutput(tool.process(ToolInputs.of(archive, photo, SANDBOX)));
    ToolOutput second = onlyOutput(tool.process(ToolInputs.of(archive, photo, SANDBOX)));
    assertThat(first.kind()).isEqualTo("thumbnail");
    assertThat(first.mediaType()).isEqualTo("image/jpeg");
    assertThat(first.isInline()).isFalse();
    assertThat(first.content()).startsWith((byte) 0xFF, (byte) 0xD8).isEqualTo(second.content());
  }

  @Test
  void higherQualityMakesABiggerFile() {
    SampleFile photo = archive.file("2020/2020-02 Reykjavik/DSCF0101.jpg");
    byte[] low = thumbnailBytes(photo, ToolParameters.of(Map.of("maxSize", 256, "quality", 0.3)));
    byte[] high = thumbnailBytes(photo, ToolParameters.of(Map.of("maxSize", 256, "quality", 0.95)));
    assertThat(high.length).isGreaterThan(low.length);
  }

  @Test
  void mislabelledPngIsDecodedByItsContent() throws IOException {
    SampleFile png = archive.ofKind(SampleFileKind.MISLABELLED).get(0);
    BufferedImage thumbnail = decode(thumbnailBytes(png, SANDBOX));
    assertThat(thumbnail.getWidth()).isEqualTo(256);
  }

  @Test
  void corruptExifStillGivesAThumbnailAsStored() throws IOException {
    SampleFile corrupt = archive.ofKind(SampleFileKind.CORRUPT_EXIF).get(0);
    BufferedImage thumbnail = decode(thumbnailBytes(corrupt, SANDBOX));
    assertThat(thumbnail.getWidth()).isEqualTo(256);
    assertThat(thumbnail.getHeight()).isEqualTo(192);
  }

  /**
   * Java's decoder alone would return the top 40% of the picture over grey (it only warns), and so
   * would Thumbnailator. The tool checks the JPEG's structure first and fails the file instead.
   */
  @Test
  void truncatedJpegFailsWithAReasonInsteadOfAHalfGreyThumbnail() throws IOException {
    SampleFile truncated = archive.ofKind(SampleFileKind.TRUNCATED).get(0);
    assertThat(ImageIO.read(archive.resolve(truncated).toFile()))
        .as("the JDK decoder does return a picture for the truncated file")
        .isNotNull();

    ToolResult result = tool.process(ToolInputs.of(archive, truncated, SANDBOX));

    assertThat(result).isInstanceOf(ToolResult.Failed.class);
    ToolResult.Failed failed = (ToolResult.Failed) result;
    assertThat(failed.reason()).startsWith("cannot decode image:").contains("truncated");
    assertThat(failed.retryable()).isFalse();
  }

  @Test
  void zeroByteFileFailsAsEmpty() {
    SampleFile empty = archive.ofKind(SampleFileKind.ZERO_BYTE).get(0);
    ToolResult result = tool.process(ToolInputs.of(archive.resolve(empty), "image/jpeg", SANDBOX));
    assertThat(result).isEqualTo(ToolResult.failed("the file is empty (0 bytes)"));
  }

  @Test
  void textIsSkippedUnderItsRealTypeAndFailsWhenClaimedToBeAJpeg() {
    SampleFile text = archive.file("Inbox/IMG_9999.jpg");

    ToolResult asText = tool.process(ToolInputs.of(archive, text, SANDBOX));
    assertThat(asText).isInstanceOf(ToolResult.Skipped.class);
    assertThat(((ToolResult.Skipped) asText).reason()).contains("text/plain");

    ToolResult asJpeg = tool.process(ToolInputs.of(archive.resolve(text), "image/jpeg", SANDBOX));
    assertThat(asJpeg).isInstanceOf(ToolResult.Failed.class);
    assertThat(((ToolResult.Failed) asJpeg).reason()).startsWith("cannot decode image: ");
    assertThat(((ToolResult.Failed) asJpeg).retryable()).isFalse();
  }

  @Test
  void unreadableOriginalIsATransientFailure() {
    ToolResult result = tool.process(ToolInputs.unreadable("image/jpeg", SANDBOX));
    assertThat(result)
        .isEqualTo(ToolResult.failedTransiently("cannot read the original: Input/output error"));
  }

  @Test
  void progressiveAndCmykJpegsAreDecoded() throws IOException {
    new ThumbnailTool();
    assertThat(ImageIO.getImageReadersByFormatName("jpeg").next().getClass().getName())
        .as("TwelveMonkeys' reader comes first; the JDK's refuses CMYK")
        .startsWith("com.twelvemonkeys.");
    BufferedImage progressive = decode(thumbnailBytesOf(Pictures.progressiveJpeg(640, 480)));
    assertThat(progressive.getWidth()).isEqualTo(256);

    byte[] cmyk = Pictures.cmykJpeg(600, 300);
    assertThat(cmyk).startsWith((byte) 0xFF, (byte) 0xD8);
    BufferedImage fromCmyk = decode(thumbnailBytesOf(cmyk));
    assertThat(fromCmyk.getWidth()).isEqualTo(256);
    assertThat(fromCmyk.getHeight()).isEqualTo(128);
  }

  @Test
  void parametersResolveToDefaultsAndRejectNonsense() {
    assertThat(tool.resolveParameters(ToolParameters.empty()).canonicalJson())
        .isEqualTo("{\"maxSize\":512,\"quality\":0.85}");
    assertThat(tool.resolveParameters(SANDBOX).canonicalJson())
        .isEqualTo("{\"maxSize\":256,\"quality\":0.85}");
    assertThatThrownBy(() -> tool.resolveParameters(ToolParameters.of(Map.of("width", 10))))
        .isInstanceOf(InvalidToolParametersException.class)
        .hasMessageContaining("no parameter width");
    assertThatThrownBy(() -> tool.resolveParameters(ToolParameters.of(Map.of("maxSize", 0))))
        .isInstanceOf(InvalidToolParametersException.class)
        .hasMessageContaining("maxSize");
    assertThatThrownBy(() -> tool.resolveParameters(ToolParameters.of(Map.of("maxSize", 25.5))))
        .isInstanceOf(InvalidToolParametersException.class);
    assertThatThrownBy(() -> tool.resolveParameters(ToolParameters.of(Map.of("quality", 2))))
        .isInstanceOf(InvalidToolParametersException.class);
  }

  @Test
  void originalIsLeftUntouched() throws IOException {
    SampleFile photo = archive.file("2019/2019-12 Christmas/IMG_1202.jpg");
    Path path = archive.resolve(photo);
    var before = Files.getLastModifiedTime(path);
    thumbnailBytes(photo, SANDBOX);
    assertThat(Files.size(path)).isEqualTo(photo.size());
    assertThat(Files.getLastModifiedTime(path)).isEqualTo(before);
  }

  private BufferedImage thumbnailOf(SampleFile file, ToolParameters parameters) throws IOException {
    return decode(thumbnailBytes(file, parameters));
  }

  private byte[] thumbnailBytes(SampleFile file, ToolParameters parameters) {
    return onlyOutput(tool.process(ToolInputs.of(archive, file, parameters))).content();
  }

  private byte[] thumbnailBytesOf(byte[] jpeg) {
    return onlyOutput(tool.process(ToolInputs.ofBytes(jpeg, "image/jpeg", SANDBOX))).content();
  }

  private static ToolOutput onlyOutput(ToolResult result) {
    assertThat(result).isInstanceOf(ToolResult.Success.class);
    List<ToolOutput> outputs = ((ToolResult.Success) result).outputs();
    assertThat(outputs).hasSize(1);
    return outputs.get(0);
  }

  private static BufferedImage decode(byte[] jpeg) throws IOException {
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg));
    assertThat(image).isNotNull();
    return image;
  }
}
