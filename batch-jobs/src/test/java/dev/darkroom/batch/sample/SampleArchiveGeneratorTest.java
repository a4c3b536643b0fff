package dev.darkroom.batch.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.drew.imaging.ImageMetadataReader;
import com.drew.lang.GeoLocation;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifSubIFDDirectory;
import com.drew.metadata.exif.GpsDirectory;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.tika.Tika;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleArchiveGeneratorTest {

  @TempDir static Path shared;

  static SampleArchive archive;

  @BeforeAll
  static void generateOnce() throws IOException {
    archive = SampleArchiveGenerator.generate(shared.resolve("archive"));
  }

  @Test
  void exifReadBackMatchesTheRecordForEveryPhoto() throws Exception {
    List<SampleFile> photos = archive.files().stream().filter(f -> f.exif() != null).toList();
    assertThat(photos).hasSizeGreaterThanOrEqualTo(24);

    for (SampleFile photo : photos) {
      SampleExif expected = photo.exif();
      Metadata metadata = ImageMetadataReader.readMetadata(archive.resolve(photo).toFile());
      ExifIFD0Directory ifd0 = metadata.getFirstDirectoryOfType(ExifIFD0Directory.class);
      ExifSubIFDDirectory exif = metadata.getFirstDirectoryOfType(ExifSubIFDDirectory.class);
      GpsDirectory gps = metadata.getFirstDirectoryOfType(GpsDirectory.class);

      assertThat(ifd0).as(photo.path()).isNotNull();
      assertThat(exif).as(photo.path()).isNotNull();
      assertThat(ifd0.getString(ExifIFD0Directory.TAG_MAKE))
          .as(photo.path())
          .isEqualTo(expected.make());
      assertThat(ifd0.getString(ExifIFD0Directory.TAG_MODEL)).isEqualTo(expected.model());
      assertThat(ifd0.getInt(ExifIFD0Directory.TAG_ORIENTATION))
          .as(photo.path())
          .isEqualTo(expected.orientation());
      assertThat(exif.getString(ExifSubIFDDirectory.TAG_DATETIME_ORIGINAL))
          .isEqualTo(SampleExifWriter.EXIF_DATE_TIME.format(expected.captureTime()));
      assertThat(exif.getString(ExifSubIFDDirectory.TAG_LENS_MODEL))
          .as(photo.path())
          .isEqualTo(expected.lensModel());
      if (expected.gps() == null) {
        assertThat(gps).as(photo.path()).isNull();
      } else {
        GeoLocation location = gps.getGeoLocation();
        assertThat(location.getLatitude())
            .as(photo.path())
            .isCloseTo(expected.gps().latitude(), within(1e-5));
        assertThat(location.getLongitude())
            .as(photo.path())
            .isCloseTo(expected.gps().longitude(), within(1e-5));
      }
      assertThat(metadata.hasErrors()).as(photo.path()).isFalse();
    }
  }

  @Test
  void everyDecodableFileDecodesWithTheRecordedDimensions() throws IOException {
    for (SampleFile file : archive.files()) {
      BufferedImage image = ImageIO.read(archive.resolve(file).toFile());
      if (file.decodable()) {
        assertThat(image).as(file.path()).isNotNull();
        assertThat(image.getWidth()).as(file.path()).isEqualTo(file.width());
        assertThat(image.getHeight()).as(file.path()).isEqualTo(file.height());
      } else if (file.kind() != SampleFileKind.TRUNCATED) {
        // ImageIO pads a truncated JPEG with grey instead of failing; the truncation test covers it
        assertThat(image).as(file.path()).isNull();
      }
    }
  }

  @Test
  void contentIsOfTheRecordedMediaTypeWhateverTheName() throws IOException {
    Tika tika = new Tika();
    for (SampleFile file : archive.files()) {
      byte[] bytes = Files.readAllBytes(archive.resolve(file));
      assertThat(bytes).as(file.path()).hasSize((int) file.size());
      if (file.mediaType() != null) {
        assertThat(tika.detect(bytes)).as(file.path()).isEqualTo(file.mediaType());
      }
    }
  }

  @Test
  void archiveCoversWhatAScannerMustHandle() throws IOException {
    List<SampleFile> jpegs =
        archive.ofKind(SampleFileKind.VALID_IMAGE).stream()
            .filter(f -> "image/jpeg".equals(f.mediaType()))
            .toList();
    assertThat(jpegs).hasSizeBetween(24, 30);
    assertThat(jpegs).extracting(f -> f.exif().orientation()).contains(1, 6, 8);
    assertThat(jpegs.stream().map(f -> f.exif().model()).distinct()).hasSize(3);
    assertThat(jpegs.stream().map(f -> f.exif().captureTime().getYear()).distinct().count())
        .isGreaterThanOrEqualTo(4);
    assertThat(jpegs)
        .anyMatch(f -> f.exif().lensModel() == null)
        .anyMatch(f -> f.exif().lensModel() != null);
    assertThat(jpegs).anyMatch(f -> f.exif().gps() == null).anyMatch(f -> f.exif().gps() != null);
    assertThat(jpegs).anyMatch(f -> f.width() == 4000 && f.height() == 3000);
    assertThat(jpegs).anyMatch(f -> f.height() > f.width() && f.exif().orientation() == 1);
    assertThat(archive.files())
        .extracting(SampleFile::path)
        .contains(
            "2019/2019-07 Lake trip/IMG_0412.jpg",
            "Inbox/Ünïcødé – café.jpg",
            "Inbox/<img src=x onerror=alert(1)>.jpg",
            "notes.txt");
    for (SampleFileKind kind : SampleFileKind.values()) {
      assertThat(archive.ofKind(kind)).as(kind.name()).isNotEmpty();
    }
    assertThat(archive.totalBytes()).isLessThan(6L * 1024 * 1024);
  }

  @Test
  void transparentPngHasTransparentPixels() throws IOException {
    BufferedImage logo =
        ImageIO.read(archive.resolve(archive.file("Scans/logo-transparent.png")).toFile());

    assertThat(logo.getColorModel().hasAlpha()).isTrue();
    assertThat(logo.getRGB(0, 0) >>> 24).isZero();
    assertThat(logo.getRGB(logo.getWidth() / 2, logo.getHeight() / 2) >>> 24).isEqualTo(255);
  }

  @Test
  void rotatedPhotosStoreTheSceneTurnedAgainstTheirOrientation() throws IOException {
    // The UP marker is white and drawn at the top centre of the upright scene. Orientation 6 stores
    // the scene turned counter-clockwise, so the marker sits at the left; 8 puts it at the right.
    for (SampleFile file : archive.ofKind(SampleFileKind.VALID_IMAGE)) {
      if (file.exif() == null || !file.exif().swapsDimensions()) {
        continue;
      }
      BufferedImage stored = ImageIO.read(archive.resolve(file).toFile());
      int markerEdge = Math.min(stored.getWidth(), stored.getHeight()) / 12;
      int y = stored.getHeight() / 2;
      int x = file.exif().orientation() == 6 ? markerEdge : stored.getWidth() - 1 - markerEdge;
      assertThat(brightness(stored.getRGB(x, y))).as(file.path()).isGreaterThan(200);
    }
  }

  @Test
  void duplicateHasExactlyTheBytesOfItsOriginal() throws IOException {
    SampleFile duplicate = archive.ofKind(SampleFileKind.DUPLICATE).get(0);
    SampleFile original = archive.file(duplicate.derivedFrom());

    assertThat(duplicate.path()).isNotEqualTo(original.path());
    assertThat(Files.readAllBytes(archive.resolve(duplicate)))
        .isEqualTo(Files.readAllBytes(archive.resolve(original)));
  }

  @Test
  void badFilesAreWhatTheyClaim() throws Exception {
    SampleFile empty = archive.ofKind(SampleFileKind.ZERO_BYTE).get(0);
    assertThat(archive.resolve(empty)).isEmptyFile().hasExtension("jpg");

    SampleFile truncated = archive.ofKind(SampleFileKind.TRUNCATED).get(0);
    byte[] cut = Files.readAllBytes(archive.resolve(truncated));
    byte[] whole = Files.readAllBytes(archive.resolve(archive.file(truncated.derivedFrom())));
    assertThat(cut).hasSize(whole.length * 2 / 5);
    assertThat(whole).startsWith(cut);
    assertThat(Arrays.copyOfRange(cut, cut.length - 2, cut.length))
        .isNotEqualTo(new byte[] {(byte) 0xFF, (byte) 0xD9});

    SampleFile mislabelled = archive.ofKind(SampleFileKind.MISLABELLED).get(0);
    assertThat(mislabelled.path()).endsWith(".jpg");
    assertThat(Files.readAllBytes(archive.resolve(mislabelled)))
        .startsWith(0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n');

    for (SampleFile text : archive.ofKind(SampleFileKind.NOT_AN_IMAGE)) {
      assertThat(ImageIO.read(archive.resolve(text).toFile())).as(text.path()).isNull();
    }
    assertThat(archive.ofKind(SampleFileKind.NOT_AN_IMAGE))
        .extracting(SampleFile::path)
        .anyMatch(p -> p.endsWith(".jpg"));
  }

  @Test
  void corruptExifDecodesAsAnImageButYieldsNoUsableExif() throws Exception {
    SampleFile corrupt = archive.ofKind(SampleFileKind.CORRUPT_EXIF).get(0);
    byte[] bytes = Files.readAllBytes(archive.resolve(corrupt));

    Metadata metadata = ImageMetadataReader.readMetadata(new ByteArrayInputStream(bytes));

    ExifIFD0Directory ifd0 = metadata.getFirstDirectoryOfType(ExifIFD0Directory.class);
    assertThat(ifd0).isNotNull();
    assertThat(ifd0.getString(ExifIFD0Directory.TAG_MAKE)).isNull();
    ExifSubIFDDirectory exif = metadata.getFirstDirectoryOfType(ExifSubIFDDirectory.class);
    if (exif != null) {
      assertThat(exif.getTags()).isEmpty();
    }
    assertThat(metadata.hasErrors()).isTrue();
    assertThat(ImageIO.read(new ByteArrayInputStream(bytes))).isNotNull();
  }

  @Test
  void fileTimesAreCaptureTimesOrFixedInstants() throws IOException {
    for (SampleFile file : archive.files()) {
      var mtime = Files.getLastModifiedTime(archive.resolve(file)).toInstant();
      if (file.kind() == SampleFileKind.VALID_IMAGE && file.exif() != null) {
        assertThat(mtime)
            .as(file.path())
            .isEqualTo(file.exif().captureTime().toInstant(ZoneOffset.UTC));
      } else {
        assertThat(mtime)
            .as(file.path())
            .isBetween(
                SampleArchiveGenerator.FIXED_MTIME,
                SampleArchiveGenerator.FIXED_MTIME.plusSeconds(3600));
      }
    }
  }

  @Test
  void sameSeedWritesIdenticalTreesAndOtherSeedsOtherPixels(@TempDir Path dir) throws IOException {
    SampleArchive again = SampleArchiveGenerator.generate(dir.resolve("again"));
    SampleArchive other = new SampleArchiveGenerator(7).writeInto(dir.resolve("other"));

    assertThat(again.files()).isEqualTo(archive.files());
    assertThat(snapshot(again.root())).isEqualTo(snapshot(archive.root()));
    String photo = "2020/2020-02 Reykjavik/DSCF0101.jpg";
    assertThat(Files.readAllBytes(other.root().resolve(photo)))
        .isNotEqualTo(Files.readAllBytes(archive.root().resolve(photo)));
  }

  @Test
  void refusesADirectoryThatIsNotEmpty(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("keep-me.txt"), "mine");

    assertThatThrownBy(() -> SampleArchiveGenerator.generate(dir))
        .isInstanceOf(NonEmptyDirectoryException.class)
        .hasMessageContaining(dir.toString())
        .hasMessageContaining("not empty");
    try (Stream<Path> entries = Files.list(dir)) {
      assertThat(entries).containsExactly(dir.resolve("keep-me.txt"));
    }
  }

  /** Relative path → content hash and mtime, for files and directories. */
  private static Map<String, String> snapshot(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.collect(
          Collectors.toMap(
              p -> root.relativize(p).toString(), p -> describe(p), (a, b) -> a, TreeMap::new));
    }
  }

  private static String describe(Path path) {
    try {
      String content =
          Files.isDirectory(path)
              ? "dir"
              : HexFormat.of()
                  .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(path)));
      return content + "@" + Files.getLastModifiedTime(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int brightness(int rgb) {
    return (((rgb >> 16) & 0xFF) + ((rgb >> 8) & 0xFF) + (rgb & 0xFF)) / 3;
  }
}
