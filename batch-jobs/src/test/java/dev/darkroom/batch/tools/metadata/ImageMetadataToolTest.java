package dev.darkroom.batch.tools.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.darkroom.batch.sample.SampleArchive;
import dev.darkroom.batch.sample.SampleArchiveGenerator;
import dev.darkroom.batch.sample.SampleExif;
import dev.darkroom.batch.sample.SampleFile;
import dev.darkroom.batch.sample.SampleFileKind;
import dev.darkroom.batch.tools.ToolInputs;
import dev.darkroom.core.asset.AssetMetadata;
import dev.darkroom.core.tool.InvalidToolParametersException;
import dev.darkroom.core.tool.ToolInput;
import dev.darkroom.core.tool.ToolOutput;
import dev.darkroom.core.tool.ToolParameters;
import dev.darkroom.core.tool.ToolResult;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageMetadataToolTest {

  @TempDir static Path dir;
  static SampleArchive archive;

  private final ImageMetadataTool tool = new ImageMetadataTool();

  @BeforeAll
  static void generate() throws IOException {
    archive = SampleArchiveGenerator.generate(dir.resolve("archive"));
  }

  @Test
  void everySamplePhotoYieldsTheExifItWasWrittenWith() {
    List<SampleFile> photos = archive.files().stream().filter(f -> f.exif() != null).toList();
    assertThat(photos).hasSizeGreaterThanOrEqualTo(26);

    for (SampleFile photo : photos) {
      SampleExif expected = photo.exif();
      ImageMetadata metadata = metadataOf(photo);

      assertThat(metadata.format()).isEqualTo("JPEG");
      assertThat(metadata.width()).as(photo.path()).isEqualTo(photo.width());
      assertThat(metadata.height()).as(photo.path()).isEqualTo(photo.height());
      assertThat(metadata.captureTime()).as(photo.path()).isEqualTo(expected.captureTime());
      assertThat(metadata.timezoneKnown()).isFalse();
      assertThat(metadata.capturedAt()).isEqualTo(expected.captureTime().atOffset(ZoneOffset.UTC));
      assertThat(metadata.cameraMake()).isEqualTo(expected.make());
      assertThat(metadata.cameraModel()).isEqualTo(expected.model());
      assertThat(metadata.lens()).as(photo.path()).isEqualTo(expected.lensModel());
      assertThat(metadata.orientation()).isEqualTo(expected.orientation());
      if (expected.gps() == null) {
        assertThat(metadata.gps()).as(photo.path()).isNull();
      } else {
        assertThat(metadata.gps()).as(photo.path()).isNotNull();
        assertThat(metadata.gps().latitude()).isCloseTo(expected.gps().latitude(), within(1e-6));
        assertThat(metadata.gps().longitude()).isCloseTo(expected.gps().longitude(), within(1e-6));
      }
      assertThat(metadata.warnings()).as(photo.path()).isEmpty();
    }
  }

  @Test
  void outputIsOneInlineJsonArtifactThatReadsBackTheSame() {
    SampleFile photo = archive.file("2021/2021-05 Lisbon/DSCF2214.jpg");
    ToolOutput output = onlyOutput(tool.process(ToolInputs.of(archive, photo, params())));

    assertThat(output.kind()).isEqualTo("image-metadata");
    assertThat(output.mediaType()).isEqualTo("application/json");
    assertThat(output.isInline()).isTrue();
    assertThat(output.inlineJson())
        .contains("\"captureTime\":\"2021-05-03T10:40:52\"")
        .contains("\"timezoneKnown\":false")
        .contains("\"capturedAt\":\"2021-05-03T10:40:52Z\"")
        .contains("\"cameraModel\":\"X-T3\"")
        .contains("\"orientation\":6")
        .contains("\"warnings\":[]");
    ImageMetadata parsed = ImageMetadata.fromJson(output.inlineJson());
    assertThat(ImageMetadata.fromJson(parsed.toJson())).isEqualTo(parsed);
    assertThat(parsed.lens()).isEqualTo("XF35mmF1.4 R");
  }

  @Test
  void givenEverySampleFileThenTheAttachedProjectionIsWhatTheJsonReadsBackAs() {
    // The run copies the projection the tool attached instead of parsing the JSON it just wrote;
    // both must put the same values into the asset's columns.
    List<SampleFile> files = archive.files();
    int projected = 0;
    for (SampleFile file : files) {
      ToolResult result = tool.process(ToolInputs.of(archive, file, params()));
      if (!(result instanceof ToolResult.Success success)) {
        continue;
      }
      ToolOutput output = success.outputs().get(0);
      assertThat(output.catalog()).as(file.path()).isNotNull();
      ToolOutput readBack = ToolOutput.inline(output.kind(), output.inlineJson());
      assertThat(tool.catalogProjection(output))
          .as(file.path())
          .isEqualTo(tool.catalogProjection(readBack))
          .contains(output.catalog());
      projected++;
    }
    assertThat(projected).isGreaterThanOrEqualTo(26);
  }

  @Test
  void typedColumnsCarryTheSameValues() {
    ImageMetadata metadata = metadataOf(archive.file("2022/2022-08 Garden/IMG_4002.jpg"));
    AssetMetadata columns = metadata.toAssetMetadata();
    assertThat(columns.capturedAt())
        .isEqualTo(OffsetDateTime.of(2022, 8, 20, 8, 46, 2, 0, ZoneOffset.UTC));
    assertThat(columns.cameraMake()).isEqualTo("Apple");
    assertThat(columns.cameraModel()).isEqualTo("iPhone 12");
    assertThat(columns.lens()).isEqualTo("iPhone 12 back dual wide camera 4.2mm f/1.6");
    assertThat(columns.gpsLatitude()).isCloseTo(-33.9249, within(1e-6));
    assertThat(columns.gpsLongitude()).isCloseTo(18.4241, within(1e-6));
    assertThat(columns.orientation()).isEqualTo(6);
    assertThat(columns.width()).as("stored, not displayed").isEqualTo(1008);
    assertThat(columns.height()).isEqualTo(756);
  }

  @Test
  void pngsHaveSizeNoCameraDataAndTheFilesMtimeMarkedAsTheLastResort() throws Exception {
    for (SampleFile png : archive.files()) {
      if (!"image/png".equals(png.mediaType())) {
        continue;
      }
      ImageMetadata metadata = metadataOf(png);
      assertThat(metadata.format()).isEqualTo("PNG");
      assertThat(metadata.width()).as(png.path()).isEqualTo(png.width());
      assertThat(metadata.height()).as(png.path()).isEqualTo(png.height());
      // Nothing in a PNG records a capture time: the mtime stands in, and says so.
      assertThat(metadata.captureTimeSource()).isEqualTo("File:FileModifyDate");
      assertThat(metadata.capturedAt().toInstant())
          .isEqualTo(java.nio.file.Files.getLastModifiedTime(archive.resolve(png)).toInstant());
      assertThat(metadata.timezoneKnown()).isTrue();
      assertThat(metadata.warnings()).anyMatch(w -> w.contains("modification time"));
      assertThat(metadata.cameraMake()).isNull();
      assertThat(metadata.gps()).isNull();
    }
  }

  @Test
  void corruptExifIsASuccessThatListsWarnings() {
    SampleFile corrupt = archive.ofKind(SampleFileKind.CORRUPT_EXIF).get(0);
    ImageMetadata metadata = metadataOf(corrupt);
    assertThat(metadata.warnings()).isNotEmpty();
    assertThat(metadata.width()).isEqualTo(800);
    assertThat(metadata.height()).isEqualTo(600);
    assertThat(metadata.cameraMake()).isNull();
    assertThat(metadata.toJson()).contains("\"warnings\":[\"");
  }

  /** The EXIF sits before the image data, so a file cut short still has all of it. */
  @Test
  void truncatedJpegStillYieldsItsExif() {
    SampleFile truncated = archive.ofKind(SampleFileKind.TRUNCATED).get(0);
    SampleExif original = archive.file(truncated.derivedFrom()).exif();
    ImageMetadata metadata = metadataOf(truncated);
    assertThat(metadata.captureTime()).isEqualTo(original.captureTime());
    assertThat(metadata.cameraModel()).isEqualTo(original.model());
  }

  @Test
  void zeroByteFileFailsAsEmpty() {
    SampleFile empty = archive.ofKind(SampleFileKind.ZERO_BYTE).get(0);
    assertThat(tool.process(ToolInputs.of(archive.resolve(empty), "image/jpeg", params())))
        .isEqualTo(ToolResult.failed("the file is empty (0 bytes)"));
  }

  @Test
  void textIsSkippedUnderItsRealTypeAndFailsWhenClaimedToBeAnImage() {
    SampleFile text = archive.file("notes.txt");

    ToolResult asText = tool.process(ToolInputs.of(archive, text, params()));
    assertThat(asText).isInstanceOf(ToolResult.Skipped.class);
    assertThat(((ToolResult.Skipped) asText).reason()).contains("text/plain is not an image");

    ToolResult asJpeg = tool.process(ToolInputs.of(archive.resolve(text), "image/jpeg", params()));
    assertThat(asJpeg).isInstanceOf(ToolResult.Failed.class);
    assertThat(((ToolResult.Failed) asJpeg).reason())
        .startsWith("cannot read image metadata: ")
        .containsIgnoringCase("file format");
    assertThat(((ToolResult.Failed) asJpeg).retryable()).isFalse();
  }

  @Test
  void unreadableOriginalIsATransientFailure() {
    assertThat(tool.process(ToolInputs.unreadable("image/jpeg", params())))
        .isEqualTo(ToolResult.failedTransiently("cannot read the original: Input/output error"));
  }

  @Test
  void offsetTimeOriginalMakesTheCaptureTimeAnInstant() throws Exception {
    byte[] jpeg = ExifJpegs.jpeg("2024:03:09 17:45:00", "+02:00", null, (short) 1, null);
    ImageMetadata metadata = metadataOf(jpeg);
    assertThat(metadata.captureTime()).isEqualTo(LocalDateTime.of(2024, 3, 9, 17, 45));
    assertThat(metadata.captureOffset()).isEqualTo(ZoneOffset.ofHours(2));
    assertThat(metadata.timezoneKnown()).isTrue();
    assertThat(metadata.capturedAt().toInstant()).hasToString("2024-03-09T15:45:00Z");
    assertThat(metadata.toJson()).contains("\"timezoneKnown\":true");
  }

  @Test
  void unsetCameraClockFallsBackToDateTimeWithAWarning() throws Exception {
    byte[] jpeg =
        ExifJpegs.jpeg("0000:00:00 00:00:00", null, "2010:01:02 03:04:05", (short) 1, null);
    ImageMetadata metadata = metadataOf(jpeg);
    assertThat(metadata.captureTime()).isEqualTo(LocalDateTime.of(2010, 1, 2, 3, 4, 5));
    assertThat(metadata.timezoneKnown()).isFalse();
    assertThat(metadata.captureTimeSource()).isEqualTo("EXIF:ModifyDate");
    assertThat(metadata.warnings())
        .anySatisfy(w -> assertThat(w).startsWith("EXIF:DateTimeOriginal"));
  }

  @Test
  void givenZeroSecondsThenTheJsonKeepsThemAndNamesTheSource() throws Exception {
    byte[] jpeg = ExifJpegs.jpeg("2024:03:09 17:45:00", "+02:00", null, (short) 1, null);
    String json = metadataOf(jpeg).toJson();
    assertThat(json)
        .contains("\"captureTime\":\"2024-03-09T17:45:00\"")
        .contains("\"capturedAt\":\"2024-03-09T17:45:00+02:00\"")
        .contains("\"captureTimeSource\":\"EXIF:DateTimeOriginal\"");
    assertThat(ImageMetadata.fromJson(json).captureTimeSource()).isEqualTo("EXIF:DateTimeOriginal");
  }

  @Test
  void givenXmpOnlyDateAndOrientationThenBothAreUsedAndTheSourceSaysXmp() throws Exception {
    dev.darkroom.batch.tools.heif.HeifSamples.requireProgram("exiftool");
    java.nio.file.Path file = java.nio.file.Files.createTempFile("xmp-only", ".jpg");
    try {
      java.nio.file.Files.write(file, ExifJpegs.jpeg(null, null, null, (short) 1, null));
      Process exiftool =
          new ProcessBuilder(
                  "exiftool",
                  "-q",
                  "-overwrite_original",
                  "-EXIF:all=",
                  "-XMP-photoshop:DateCreated=2021:05:06 07:08:00+02:00",
                  "-XMP-tiff:Orientation#=8",
                  file.toString())
              .redirectErrorStream(true)
              .start();
      exiftool.getInputStream().readAllBytes();
      assertThat(exiftool.waitFor()).isZero();

      ImageMetadata metadata = metadataOf(java.nio.file.Files.readAllBytes(file));

      assertThat(metadata.captureTime()).isEqualTo(LocalDateTime.of(2021, 5, 6, 7, 8, 0));
      assertThat(metadata.captureOffset()).isEqualTo(ZoneOffset.ofHours(2));
      assertThat(metadata.captureTimeSource()).isEqualTo("XMP:photoshop:DateCreated");
      assertThat(metadata.orientation()).isEqualTo(8);
    } finally {
      java.nio.file.Files.deleteIfExists(file);
    }
  }

  @Test
  void valuesTheCatalogWouldRejectAreDroppedWithWarnings() throws Exception {
    byte[] jpeg = ExifJpegs.jpeg(null, null, null, (short) 9, new double[] {0.0, 0.0});
    ImageMetadata metadata = metadataOf(jpeg);
    assertThat(metadata.orientation()).isNull();
    assertThat(metadata.gps()).isNull();
    assertThat(metadata.captureTime()).isNull();
    assertThat(metadata.cameraMake()).isEqualTo("NIKON CORPORATION");
    assertThat(metadata.warnings())
        .anySatisfy(w -> assertThat(w).startsWith("Orientation"))
        .anySatisfy(w -> assertThat(w).startsWith("GPS"));
    assertThat(metadata.toAssetMetadata().orientation()).isNull();
  }

  @Test
  void hasNoParameters() {
    assertThat(tool.resolveParameters(ToolParameters.empty())).isEqualTo(ToolParameters.empty());
    assertThatThrownBy(() -> tool.resolveParameters(ToolParameters.of(Map.of("maxSize", 1))))
        .isInstanceOf(InvalidToolParametersException.class);
  }

  private static ToolParameters params() {
    return ToolParameters.empty();
  }

  private ImageMetadata metadataOf(SampleFile file) {
    return metadataOf(ToolInputs.of(archive, file, params()));
  }

  private ImageMetadata metadataOf(byte[] jpeg) {
    return metadataOf(ToolInputs.ofBytes(jpeg, "image/jpeg", params()));
  }

  private ImageMetadata metadataOf(ToolInput input) {
    return ImageMetadata.fromJson(onlyOutput(tool.process(input)).inlineJson());
  }

  private static ToolOutput onlyOutput(ToolResult result) {
    assertThat(result).isInstanceOf(ToolResult.Success.class);
    List<ToolOutput> outputs = ((ToolResult.Success) result).outputs();
    assertThat(outputs).hasSize(1);
    return outputs.get(0);
  }
}
