package dev.darkroom.batch.tools.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.darkroom.batch.sample.SampleArchive;
import dev.darkroom.batch.sample.SampleArchiveGenerator;
import dev.darkroom.batch.sample.SampleFile;
import dev.darkroom.batch.tools.heif.HeifSamples;
import dev.darkroom.batch.tools.raw.RawFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Darkroom's metadata reader against {@code exiftool -json -n -G1}, field by field, on a varied
 * generated corpus (EXIF with sub-seconds and offsets, XMP-only dates and orientation, only a
 * ModifyDate, GPS in every hemisphere and only in XMP, PNG and TIFF, HEIC, camera RAW; files dated
 * only by Apple's QuickTime creation date, only by the movie header (an MP4 and a HEIF image
 * sequence), only by an Olympus or a Reconyx maker note, or by the GPS clock and a ModifyDate) and
 * on every photo of the sample archive. exiftool is the reference people check a photo tool with; a
 * disagreement beyond the tolerances below fails the test and names the file and the field.
 *
 * <p>Tolerances: GPS within 1e-6 degrees (exiftool prints rationals with 15 digits, Darkroom keeps
 * doubles); capture time to the millisecond (exiftool's sub-seconds are text); everything else
 * exact. The capture time expected is exiftool's value of the first tag, in Darkroom's documented
 * order, that exiftool reads as a date, so the test checks both the order and each tag's reading.
 */
class ImageMetadataMatchesExiftoolTest {

  @TempDir static Path dir;

  /** The file, relative to {@link #dir}, and what Darkroom read from it. */
  private static final Map<String, ImageMetadata> darkroom = new LinkedHashMap<>();

  /** exiftool's JSON object per file, by the same relative path. */
  private static final Map<String, JsonNode> exiftool = new LinkedHashMap<>();

  private static final Instant OLD_MTIME = Instant.parse("2019-03-04T05:06:07Z");

  @BeforeAll
  static void readTheCorpusWithBoth() throws Exception {
    HeifSamples.requireProgram("exiftool");
    Path corpus = Files.createDirectories(dir.resolve("corpus"));

    jpeg(
        corpus,
        "full-exif.jpg",
        "-EXIF:DateTimeOriginal=2021:05:06 07:08:09",
        "-EXIF:SubSecTimeOriginal=123",
        "-EXIF:OffsetTimeOriginal=+02:00",
        "-EXIF:Make=Canon",
        "-EXIF:Model=Canon EOS 5D Mark IV",
        "-EXIF:LensModel=EF24-105mm f/4L IS USM",
        "-EXIF:Orientation#=6",
        "-GPSLatitude=48.858370",
        "-GPSLatitudeRef=N",
        "-GPSLongitude=2.294481",
        "-GPSLongitudeRef=E");
    jpeg(
        corpus,
        "south-west.jpg",
        "-EXIF:DateTimeOriginal=2018:12:31 23:59:59",
        "-EXIF:Make=Apple",
        "-EXIF:Model=iPhone 12",
        "-GPSLatitude=33.9249",
        "-GPSLatitudeRef=S",
        "-GPSLongitude=70.6483",
        "-GPSLongitudeRef=W");
    jpeg(
        corpus,
        "create-date-only.jpg",
        "-EXIF:CreateDate=2015:07:08 09:10:11",
        "-EXIF:OffsetTimeDigitized=-05:00");
    jpeg(corpus, "modify-date-only.jpg", "-EXIF:ModifyDate=2012:01:02 03:04:05");
    jpeg(
        corpus,
        "xmp-photoshop.jpg",
        "-XMP-photoshop:DateCreated=2020:02:29 12:00:00+05:30",
        "-XMP-tiff:Orientation#=8",
        "-XMP-tiff:Make=FUJIFILM",
        "-XMP-tiff:Model=X-T3",
        "-XMP-exifEX:LensModel=XF18-55mmF2.8-4 R LM OIS");
    jpeg(corpus, "xmp-exif-date.jpg", "-XMP-exif:DateTimeOriginal=2016:06:07 08:09:10");
    jpeg(corpus, "xmp-create-date.jpg", "-XMP-xmp:CreateDate=2014:04:05 06:07:08Z");
    jpeg(
        corpus,
        "xmp-gps.jpg",
        "-XMP-exif:GPSLatitude=51.5007",
        "-XMP-exif:GPSLatitudeRef=N",
        "-XMP-exif:GPSLongitude=0.1246",
        "-XMP-exif:GPSLongitudeRef=W");
    jpeg(
        corpus,
        "exif-beats-xmp.jpg",
        "-EXIF:DateTimeOriginal=2010:10:10 10:10:10",
        "-XMP-photoshop:DateCreated=2011:11:11 11:11:11",
        "-EXIF:Orientation#=3",
        "-XMP-tiff:Orientation#=8");
    jpeg(corpus, "no-dates.jpg", "-EXIF:Make=NIKON CORPORATION", "-EXIF:Model=NIKON D750");
    image(corpus, "plain.png", "png");
    image(corpus, "xmp.png", "png", "-XMP-xmp:CreateDate=2013:03:03 03:03:03");
    image(
        corpus,
        "plain.tif",
        "tiff",
        "-EXIF:DateTimeOriginal=2009:09:09 09:09:09",
        "-EXIF:Make=Hasselblad");
    Files.write(corpus.resolve("camera.cr2"), RawFiles.cr2(120, 80, 6));
    Files.write(corpus.resolve("camera.nef"), RawFiles.nef(120, 80, 8));
    Files.write(corpus.resolve("camera.arw"), RawFiles.arw(120, 80, 1));
    Files.write(corpus.resolve("camera.dng"), RawFiles.dng(120, 80, 3));
    if (HeifSamples.onPath("heif-enc")) {
      Files.write(
          corpus.resolve("phone.heic"),
          HeifSamples.heic(
              corpus,
              64,
              48,
              "-EXIF:DateTimeOriginal=2023:08:09 10:11:12",
              "-EXIF:OffsetTimeOriginal=+01:00",
              "-EXIF:Make=Apple",
              "-EXIF:Model=iPhone 14 Pro",
              "-EXIF:Orientation#=6"));
    }

    // Only dated after EXIF and XMP (ADR 0035): QuickTime, maker notes, the GPS clock.
    if (HeifSamples.onPath("ffmpeg")) {
      DatedFiles.appleMov(corpus, "phone.mov", "2021-05-06T07:08:09+0200");
      DatedFiles.exiftoolOn(
          DatedFiles.appleMov(corpus, "phone-and-header.mov", "2018-07-08T09:10:11-0700"),
          "-QuickTime:CreateDate=2000:01:01 00:00:00");
      DatedFiles.appleMov(corpus, "undated.mov", "not a date");
      DatedFiles.movieHeaderMp4(corpus, "camera.mp4", "2020:01:02 03:04:05");
      DatedFiles.heifSequence(corpus, "burst.heics", "2022:03:04 05:06:07");
    }
    DatedFiles.olympusJpeg(corpus, "olympus.jpg", "2021:05:06 07:08:09");
    DatedFiles.reconyxJpeg(corpus, "reconyx.jpg", new int[] {2019, 11, 30, 23, 5, 0});
    DatedFiles.jpeg(
        corpus,
        "gps-clock.jpg",
        "-GPS:GPSDateStamp=2017:08:09",
        "-GPS:GPSTimeStamp=10:11:12.5",
        "-EXIF:ModifyDate=2024:01:01 00:00:00");

    SampleArchive sample = SampleArchiveGenerator.generate(dir.resolve("sample"));

    List<Path> files = new ArrayList<>();
    try (var stream = Files.list(corpus)) {
      stream.sorted().forEach(files::add);
    }
    for (SampleFile file : sample.files()) {
      if (file.mediaType() != null && file.mediaType().startsWith("image/")) {
        files.add(sample.resolve(file));
      }
    }
    for (Path file : files) {
      if (Files.getLastModifiedTime(file).toInstant().isAfter(OLD_MTIME)
          && file.startsWith(corpus)) {
        Files.setLastModifiedTime(file, FileTime.from(OLD_MTIME));
      }
      String key = dir.relativize(file).toString();
      darkroom.put(
          key,
          ImageMetadataExtractor.extract(
              Files.readAllBytes(file), Files.getLastModifiedTime(file).toInstant()));
    }
    List<String> command =
        new ArrayList<>(List.of("exiftool", "-json", "-n", "-G1", "-api", "QuickTimeUTC"));
    files.forEach(f -> command.add(f.toString()));
    Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
    byte[] json = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
    for (JsonNode node : new ObjectMapper().readTree(json)) {
      exiftool.put(dir.relativize(Path.of(node.get("SourceFile").asString())).toString(), node);
    }
    assertThat(exiftool.keySet()).containsExactlyInAnyOrderElementsOf(darkroom.keySet());
  }

  @Test
  void theCorpusIsVaried() {
    assertThat(darkroom).hasSizeGreaterThanOrEqualTo(40);
    assertThat(darkroom.values())
        .extracting(ImageMetadata::captureTimeSource)
        .contains(
            "EXIF:DateTimeOriginal",
            "EXIF:CreateDate",
            "EXIF:ModifyDate",
            "XMP:photoshop:DateCreated",
            "XMP:exif:DateTimeOriginal",
            "XMP:xmp:CreateDate",
            "Olympus:DateTimeUTC",
            "Reconyx:DateTimeOriginal",
            "Composite:GPSDateTime",
            ImageMetadataExtractor.FILE_MODIFY_DATE);
    if (HeifSamples.onPath("ffmpeg")) {
      assertThat(darkroom.values())
          .extracting(ImageMetadata::captureTimeSource)
          .contains("QuickTime:com.apple.quicktime.creationdate", "QuickTime:CreateDate");
    }
  }

  @Test
  void captureTimeAgreesWithExiftoolsFirstDateInTheDocumentedOrder() {
    for (var entry : darkroom.entrySet()) {
      JsonNode tool = exiftool.get(entry.getKey());
      ImageMetadata ours = entry.getValue();
      ExpectedCapture expected = expectedCapture(tool);
      assertThat(ours.captureTimeSource()).as(entry.getKey()).isEqualTo(expected.source());
      if (expected.source().equals(ImageMetadataExtractor.FILE_MODIFY_DATE)) {
        // exiftool prints the mtime in the machine's zone; compare the instant.
        assertThat(ours.capturedAt().toInstant()).as(entry.getKey()).isEqualTo(expected.instant());
        assertThat(ours.warnings())
            .as(entry.getKey())
            .anyMatch(w -> w.contains("modification time"));
        continue;
      }
      assertThat(ours.captureTime())
          .as(entry.getKey())
          .isCloseTo(expected.time(), within(1, ChronoUnit.MILLIS));
      assertThat(ours.captureOffset()).as(entry.getKey()).isEqualTo(expected.offset());
    }
  }

  @Test
  void cameraLensAndOrientationAgreeWithExiftool() {
    for (var entry : darkroom.entrySet()) {
      JsonNode tool = exiftool.get(entry.getKey());
      ImageMetadata ours = entry.getValue();
      assertThat(ours.cameraMake())
          .as(entry.getKey() + " make")
          .isEqualTo(first(tool, "IFD0:Make", "XMP-tiff:Make"));
      assertThat(ours.cameraModel())
          .as(entry.getKey() + " model")
          .isEqualTo(first(tool, "IFD0:Model", "XMP-tiff:Model"));
      assertThat(ours.lens())
          .as(entry.getKey() + " lens")
          .isEqualTo(first(tool, "ExifIFD:LensModel", "XMP-exifEX:LensModel", "XMP-aux:Lens"));
      String orientation = first(tool, "IFD0:Orientation", "XMP-tiff:Orientation");
      assertThat(ours.orientation() == null ? null : ours.orientation().toString())
          .as(entry.getKey() + " orientation")
          .isEqualTo(orientation);
    }
  }

  @Test
  void gpsAgreesWithExiftoolWithinAMicrodegree() {
    int positions = 0;
    for (var entry : darkroom.entrySet()) {
      JsonNode tool = exiftool.get(entry.getKey());
      ImageMetadata ours = entry.getValue();
      String latitude = first(tool, "Composite:GPSLatitude", "XMP-exif:GPSLatitude");
      String longitude = first(tool, "Composite:GPSLongitude", "XMP-exif:GPSLongitude");
      if (latitude == null || longitude == null) {
        assertThat(ours.gps()).as(entry.getKey()).isNull();
        continue;
      }
      positions++;
      assertThat(ours.gps()).as(entry.getKey()).isNotNull();
      assertThat(ours.gps().latitude())
          .as(entry.getKey() + " latitude")
          .isCloseTo(Double.parseDouble(latitude), org.assertj.core.data.Offset.offset(1e-6));
      assertThat(ours.gps().longitude())
          .as(entry.getKey() + " longitude")
          .isCloseTo(Double.parseDouble(longitude), org.assertj.core.data.Offset.offset(1e-6));
    }
    assertThat(positions).isGreaterThanOrEqualTo(3);
  }

  @Test
  void dimensionsAgreeWithExiftoolsImageSize() {
    for (var entry : darkroom.entrySet()) {
      JsonNode tool = exiftool.get(entry.getKey());
      ImageMetadata ours = entry.getValue();
      if (entry.getKey().matches(".*\\.(mov|mp4|heics)$")) {
        // Movies and image sequences are in the corpus for their QuickTime dates; their frame
        // size is video-probe's business, not this tool's.
        continue;
      }
      if (entry.getKey().matches(".*\\.(cr2|nef|arw|dng)$")) {
        // RAW: exiftool's ImageSize is the sensor's, which is what Darkroom reports too, but
        // the generated files' sensors are placeholders; their previews are checked elsewhere.
        continue;
      }
      String size = first(tool, "Composite:ImageSize");
      assertThat(size).as(entry.getKey()).isNotNull();
      String[] parts = size.split("[ x]");
      assertThat(ours.width()).as(entry.getKey() + " width").isEqualTo(Integer.parseInt(parts[0]));
      assertThat(ours.height())
          .as(entry.getKey() + " height")
          .isEqualTo(Integer.parseInt(parts[1]));
    }
  }

  private record ExpectedCapture(
      String source,
      @Nullable LocalDateTime time,
      @Nullable ZoneOffset offset,
      @Nullable Instant instant) {}

  /** exiftool's dates: "2021:05:06 07:08:09", with sub-seconds in Composite:GPSDateTime. */
  private static final DateTimeFormatter EXIF =
      new DateTimeFormatterBuilder()
          .appendPattern("uuuu:MM:dd HH:mm:ss")
          .optionalStart()
          .appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true)
          .optionalEnd()
          .toFormatter();

  /**
   * One place a capture time is read from, as exiftool names it ({@code -G1}).
   *
   * @param tag the date's tag
   * @param subsecTag its sub-seconds, if kept apart
   * @param offsetTag its UTC offset, if kept apart (else the value's own zone, if any)
   * @param fixedOffset the offset the standard fixes for it (UTC for Olympus DateTimeUTC)
   * @param darkroomSource what Darkroom names it in captureTimeSource
   */
  private record Source(
      String tag,
      @Nullable String subsecTag,
      @Nullable String offsetTag,
      @Nullable ZoneOffset fixedOffset,
      String darkroomSource) {}

  /**
   * Darkroom's documented order (docs/tools.md, ADR 0035), each tag as exiftool reads it. The
   * capture time is compared with the first of these exiftool reads as a date.
   */
  private static final List<Source> ORDER =
      List.of(
          new Source(
              "ExifIFD:DateTimeOriginal",
              "ExifIFD:SubSecTimeOriginal",
              "ExifIFD:OffsetTimeOriginal",
              null,
              "EXIF:DateTimeOriginal"),
          new Source(
              "ExifIFD:CreateDate",
              "ExifIFD:SubSecTimeDigitized",
              "ExifIFD:OffsetTimeDigitized",
              null,
              "EXIF:CreateDate"),
          new Source("XMP-photoshop:DateCreated", null, null, null, "XMP:photoshop:DateCreated"),
          new Source("XMP-exif:DateTimeOriginal", null, null, null, "XMP:exif:DateTimeOriginal"),
          new Source("XMP-xmp:CreateDate", null, null, null, "XMP:xmp:CreateDate"),
          new Source(
              "Keys:CreationDate", null, null, null, "QuickTime:com.apple.quicktime.creationdate"),
          // With -api QuickTimeUTC exiftool gives the movie header's UTC date a "+00:00".
          new Source("QuickTime:CreateDate", null, null, null, "QuickTime:CreateDate"),
          new Source("Olympus:DateTimeUTC", null, null, ZoneOffset.UTC, "Olympus:DateTimeUTC"),
          new Source("Reconyx:DateTimeOriginal", null, null, null, "Reconyx:DateTimeOriginal"),
          new Source("Composite:GPSDateTime", null, null, null, "Composite:GPSDateTime"),
          new Source(
              "IFD0:ModifyDate",
              "ExifIFD:SubSecTime",
              "ExifIFD:OffsetTime",
              null,
              "EXIF:ModifyDate"));

  /**
   * QuickTime counts from 1904 and a zero means "not set"; exiftool -n prints it as 1904:01:01
   * (without -n as 0000:00:00). Darkroom reads anything before 1971 as not set.
   */
  private static final LocalDateTime EARLIEST_REAL = LocalDateTime.of(1971, 1, 1, 0, 0);

  private static ExpectedCapture expectedCapture(JsonNode tool) {
    for (Source source : ORDER) {
      String value = first(tool, source.tag());
      if (value == null) {
        continue;
      }
      // XMP and QuickTime dates carry their own zone ("…+05:30" or "Z"); EXIF's comes from
      // OffsetTime*.
      String text = value.strip();
      ZoneOffset offset = source.fixedOffset();
      var zoned = java.util.regex.Pattern.compile("(.*?)(Z|[+-]\\d{2}:\\d{2})$").matcher(text);
      if (zoned.matches()) {
        text = zoned.group(1);
        offset = ZoneOffset.of(zoned.group(2));
      }
      LocalDateTime time;
      try {
        time = LocalDateTime.parse(text, EXIF);
      } catch (DateTimeParseException e) {
        continue;
      }
      if (time.isBefore(EARLIEST_REAL)) {
        continue;
      }
      String subsec = source.subsecTag() == null ? null : first(tool, source.subsecTag());
      if (subsec != null && subsec.matches("\\d{1,9}")) {
        time = time.withNano(Integer.parseInt((subsec + "000000000").substring(0, 9)));
      }
      if (source.offsetTag() != null && first(tool, source.offsetTag()) != null) {
        offset = ZoneOffset.of(first(tool, source.offsetTag()));
      }
      return new ExpectedCapture(source.darkroomSource(), time, offset, null);
    }
    OffsetDateTime mtime =
        OffsetDateTime.parse(
            first(tool, "System:FileModifyDate"),
            DateTimeFormatter.ofPattern("uuuu:MM:dd HH:mm:ssxxx"));
    return new ExpectedCapture(
        ImageMetadataExtractor.FILE_MODIFY_DATE, null, null, mtime.toInstant());
  }

  private static @Nullable String first(JsonNode tool, String... tags) {
    for (String tag : tags) {
      JsonNode value = tool.get(tag);
      if (value != null && !value.isNull() && !value.asString().isBlank()) {
        return value.asString().strip();
      }
    }
    return null;
  }

  private static void jpeg(Path corpus, String name, String... exiftoolArgs) throws Exception {
    image(corpus, name, "jpeg", exiftoolArgs);
  }

  private static void image(Path corpus, String name, String format, String... exiftoolArgs)
      throws Exception {
    Path file = corpus.resolve(name);
    BufferedImage picture = RawFiles.picture(96, 64, java.awt.Color.GRAY);
    if (!ImageIO.write(picture, format, file.toFile())) {
      throw new IOException("no ImageIO writer for " + format);
    }
    if (exiftoolArgs.length > 0) {
      List<String> command = new ArrayList<>(List.of("exiftool", "-q", "-overwrite_original"));
      command.addAll(List.of(exiftoolArgs));
      command.add(file.toString());
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes());
      if (!process.waitFor(1, TimeUnit.MINUTES) || process.exitValue() != 0) {
        throw new IOException("exiftool failed on " + name + ": " + output);
      }
    }
  }
}
