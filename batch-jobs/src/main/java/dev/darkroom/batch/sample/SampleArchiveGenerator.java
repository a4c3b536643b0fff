package dev.darkroom.batch.sample;

import dev.darkroom.batch.sample.SampleExif.GpsPosition;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Writes a small, realistic photo archive with known contents: the README's first command scans it,
 * and tests assert against the {@link SampleArchive} it returns.
 *
 * <p>It holds 25 EXIF-tagged JPEGs from three cameras (2019–2023, year/event folders, GPS on some,
 * orientations 1, 6 and 8, one 4000×3000), three PNGs (one transparent), an exact duplicate, names
 * with spaces, Unicode and HTML, and the bad files a scanner must survive: zero-byte, truncated,
 * mislabelled, not-an-image and corrupt-EXIF. About 2 MB in all.
 *
 * <p>Output is a pure function of the seed: pixels come from seeded {@link Random}s, nothing reads
 * the clock, and every file and directory gets a fixed modification time (the capture time, read as
 * UTC, for photos).
 */
public final class SampleArchiveGenerator {

  /** The seed {@link #generate(Path)} uses; tests may rely on its output staying the same. */
  public static final long DEFAULT_SEED = 20190714L;

  /** Modification time of files without a capture time, and of every directory. */
  static final Instant FIXED_MTIME = Instant.parse("2024-01-15T10:00:00Z");

  private static final Camera CANON = new Camera("Canon", "Canon EOS 5D Mark IV");
  private static final Camera FUJI = new Camera("FUJIFILM", "X-T3");
  private static final Camera IPHONE = new Camera("Apple", "iPhone 12");

  private static final String CANON_LENS = "EF24-70mm f/2.8L II USM";
  private static final String FUJI_LENS = "XF35mmF1.4 R";
  private static final String IPHONE_LENS = "iPhone 12 back dual wide camera 4.2mm f/1.6";

  private static final GpsPosition ANNECY = new GpsPosition(45.8992, 6.1294);
  private static final GpsPosition REYKJAVIK = new GpsPosition(64.1466, -21.9426);
  private static final GpsPosition LISBON = new GpsPosition(38.7139, -9.1394);
  private static final GpsPosition CAPE_TOWN = new GpsPosition(-33.9249, 18.4241);

  private static final String LAKE = "2019/2019-07 Lake trip/";
  private static final String CHRISTMAS = "2019/2019-12 Christmas/";
  private static final String REYKJAVIK_TRIP = "2020/2020-02 Reykjavik/";
  private static final String LISBON_TRIP = "2021/2021-05 Lisbon/";
  private static final String GARDEN = "2022/2022-08 Garden/";
  private static final String BIRTHDAY = "2023/2023-03 Birthday/";
  private static final String INBOX = "Inbox/";

  /** Width and height are as displayed; orientations 6 and 8 store them swapped. */
  private static final List<Shot> SHOTS =
      List.of(
          new Shot(
              LAKE + "IMG_0412.jpg",
              4000,
              3000,
              CANON,
              "2019-07-14T09:12:03",
              CANON_LENS,
              ANNECY,
              1),
          new Shot(
              LAKE + "IMG_0413.jpg",
              1024,
              683,
              CANON,
              "2019-07-14T09:15:47",
              CANON_LENS,
              ANNECY,
              1),
          new Shot(
              LAKE + "IMG_0420.jpg",
              683,
              1024,
              CANON,
              "2019-07-14T11:02:10",
              CANON_LENS,
              ANNECY,
              6),
          new Shot(LAKE + "IMG_0431.jpg", 800, 533, CANON, "2019-07-15T18:40:00", null, ANNECY, 1),
          new Shot(
              LAKE + "Sunset over the lake.jpg",
              1024,
              683,
              CANON,
              "2019-07-15T20:55:31",
              CANON_LENS,
              ANNECY,
              1),
          new Shot(
              CHRISTMAS + "IMG_1201.jpg",
              800,
              600,
              IPHONE,
              "2019-12-24T17:30:12",
              IPHONE_LENS,
              null,
              1),
          new Shot(
              CHRISTMAS + "IMG_1202.jpg",
              600,
              800,
              IPHONE,
              "2019-12-24T18:01:44",
              IPHONE_LENS,
              null,
              8),
          new Shot(
              CHRISTMAS + "IMG_1207.jpg",
              800,
              600,
              IPHONE,
              "2019-12-25T10:14:09",
              IPHONE_LENS,
              null,
              1),
          new Shot(
              REYKJAVIK_TRIP + "DSCF0101.jpg",
              1200,
              800,
              FUJI,
              "2020-02-08T13:22:51",
              FUJI_LENS,
              REYKJAVIK,
              1),
          new Shot(
              REYKJAVIK_TRIP + "DSCF0102.jpg",
              1200,
              800,
              FUJI,
              "2020-02-08T13:23:05",
              FUJI_LENS,
              REYKJAVIK,
              1),
          new Shot(
              REYKJAVIK_TRIP + "DSCF0140.jpg",
              800,
              1200,
              FUJI,
              "2020-02-09T15:47:30",
              FUJI_LENS,
              REYKJAVIK,
              1),
          new Shot(
              REYKJAVIK_TRIP + "DSCF0155.jpg",
              1200,
              800,
              FUJI,
              "2020-02-10T10:05:00",
              null,
              REYKJAVIK,
              1),
          new Shot(
              LISBON_TRIP + "DSCF2210.jpg",
              1200,
              800,
              FUJI,
              "2021-05-03T10:31:18",
              FUJI_LENS,
              LISBON,
              1),
          new Shot(
              LISBON_TRIP + "DSCF2214.jpg",
              800,
              1200,
              FUJI,
              "2021-05-03T10:40:52",
              FUJI_LENS,
              LISBON,
              6),
          new Shot(
              LISBON_TRIP + "Tram 28 – Alfama.jpg",
              1024,
              683,
              FUJI,
              "2021-05-04T16:12:40",
              FUJI_LENS,
              LISBON,
              1),
          new Shot(
              LISBON_TRIP + "DSCF2301.jpg",
              1200,
              800,
              FUJI,
              "2021-05-05T19:58:03",
              FUJI_LENS,
              LISBON,
              1),
          new Shot(
              GARDEN + "IMG_4001.jpg",
              1008,
              756,
              IPHONE,
              "2022-08-20T08:45:10",
              IPHONE_LENS,
              CAPE_TOWN,
              1),
          new Shot(
              GARDEN + "IMG_4002.jpg",
              756,
              1008,
              IPHONE,
              "2022-08-20T08:46:02",
              IPHONE_LENS,
              CAPE_TOWN,
              6),
          new Shot(
              GARDEN + "IMG_4010.jpg",
              1008,
              756,
              IPHONE,
              "2022-08-21T12:00:00",
              IPHONE_LENS,
              CAPE_TOWN,
              1),
          new Shot(
              GARDEN + "IMG_4011.jpg",
              1008,
              756,
              IPHONE,
              "2022-08-21T12:03:27",
              IPHONE_LENS,
              null,
              1),
          new Shot(
              BIRTHDAY + "IMG_7001.jpg",
              1024,
              683,
              CANON,
              "2023-03-11T15:20:00",
              CANON_LENS,
              null,
              1),
          new Shot(
              BIRTHDAY + "IMG_7002.jpg",
              683,
              1024,
              CANON,
              "2023-03-11T15:24:36",
              CANON_LENS,
              null,
              8),
          new Shot(
              BIRTHDAY + "IMG_7015.jpg", 800, 533, CANON, "2023-03-11T17:02:19", null, null, 1),
          new Shot(
              INBOX + "Ünïcødé – café.jpg",
              800,
              600,
              IPHONE,
              "2023-06-01T12:00:00",
              IPHONE_LENS,
              LISBON,
              1),
          new Shot(
              INBOX + "<img src=x onerror=alert(1)>.jpg",
              640,
              480,
              FUJI,
              "2023-06-02T09:09:09",
              null,
              null,
              1));

  private static final String NOTES =
      """
      Sample archive generated by Darkroom's SampleArchiveGenerator.
      Photos are synthetic; EXIF, names and broken files are chosen to exercise the scanner.
      """;

  private final long seed;
  private int nonPhotoFiles;

  public SampleArchiveGenerator(long seed) {
    this.seed = seed;
  }

  /**
   * Writes the sample archive with {@link #DEFAULT_SEED} into {@code dir}.
   *
   * @param dir a directory that does not exist yet or is empty
   * @throws NonEmptyDirectoryException if {@code dir} holds anything or is a file
   */
  public static SampleArchive generate(Path dir) throws IOException {
    return new SampleArchiveGenerator(DEFAULT_SEED).writeInto(dir);
  }

  /**
   * Writes the sample archive for this generator's seed into {@code dir}.
   *
   * @param dir a directory that does not exist yet or is empty
   * @throws NonEmptyDirectoryException if {@code dir} holds anything or is a file
   */
  public SampleArchive writeInto(Path dir) throws IOException {
    Path root = TargetDirectories.prepareEmpty(dir);
    nonPhotoFiles = 0;
    List<SampleFile> files = new ArrayList<>();
    Map<String, byte[]> photoBytes = new HashMap<>();

    int index = 0;
    for (Shot shot : SHOTS) {
      Random random = randomFor(index++);
      BufferedImage upright =
          SampleImagePainter.scene(shot.width(), shot.height(), shot.caption(), random);
      BufferedImage stored = SampleImagePainter.storedForOrientation(upright, shot.orientation());
      SampleExif exif = shot.exif();
      byte[] bytes = SampleExifWriter.withExif(SampleImagePainter.jpeg(stored), exif);
      write(root, shot.path(), bytes, exif.captureTime().toInstant(ZoneOffset.UTC));
      photoBytes.put(shot.path(), bytes);
      files.add(
          new SampleFile(
              shot.path(),
              SampleFileKind.VALID_IMAGE,
              "image/jpeg",
              stored.getWidth(),
              stored.getHeight(),
              exif,
              null,
              bytes.length));
    }

    files.add(
        png(
            root,
            "Scans/scan-1987-summer.png",
            SampleImagePainter.scene(900, 600, "Summer 1987 (scan)", randomFor(index++))));
    files.add(
        png(
            root,
            "Scans/logo-transparent.png",
            SampleImagePainter.transparentLogo(256, randomFor(index++))));
    files.add(
        png(
            root,
            "Screenshots/Screenshot 2022-03-14 at 09.30.12.png",
            SampleImagePainter.scene(800, 500, "Screenshot", randomFor(index++))));

    SampleFile original = find(files, LAKE + "IMG_0413.jpg");
    String duplicate = INBOX + "IMG_0413 copy.jpg";
    write(root, duplicate, photoBytes.get(original.path()), nextFixedMtime());
    files.add(
        new SampleFile(
            duplicate,
            SampleFileKind.DUPLICATE,
            "image/jpeg",
            original.width(),
            original.height(),
            original.exif(),
            original.path(),
            original.size()));

    files.add(badFile(root, INBOX + "empty.jpg", SampleFileKind.ZERO_BYTE, null, new byte[0]));

    SampleFile cut = find(files, LAKE + "IMG_0431.jpg");
    byte[] whole = photoBytes.get(cut.path());
    byte[] truncated = Arrays.copyOf(whole, whole.length * 2 / 5);
    String truncatedPath = INBOX + "IMG_0431 (transfer interrupted).jpg";
    write(root, truncatedPath, truncated, nextFixedMtime());
    files.add(
        new SampleFile(
            truncatedPath,
            SampleFileKind.TRUNCATED,
            "image/jpeg",
            0,
            0,
            null,
            cut.path(),
            truncated.length));

    BufferedImage pngInDisguise =
        SampleImagePainter.scene(600, 400, "PNG in disguise", randomFor(index++));
    byte[] pngBytes = SampleImagePainter.png(pngInDisguise);
    String mislabelled = INBOX + "actually-a-png.jpg";
    write(root, mislabelled, pngBytes, nextFixedMtime());
    files.add(
        new SampleFile(
            mislabelled,
            SampleFileKind.MISLABELLED,
            "image/png",
            600,
            400,
            null,
            null,
            pngBytes.length));

    files.add(
        badFile(
            root,
            INBOX + "IMG_9999.jpg",
            SampleFileKind.NOT_AN_IMAGE,
            "text/plain",
            "This is not a JPEG, only a note that was saved with the wrong name.\n"
                .getBytes(StandardCharsets.UTF_8)));

    Random corruptRandom = randomFor(index++);
    BufferedImage corruptImage = SampleImagePainter.scene(800, 600, "Corrupt EXIF", corruptRandom);
    byte[] corrupt =
        SampleExifWriter.withCorruptExif(SampleImagePainter.jpeg(corruptImage), corruptRandom);
    String corruptPath = INBOX + "DSCF9999 corrupt exif.jpg";
    write(root, corruptPath, corrupt, nextFixedMtime());
    files.add(
        new SampleFile(
            corruptPath,
            SampleFileKind.CORRUPT_EXIF,
            "image/jpeg",
            800,
            600,
            null,
            null,
            corrupt.length));

    files.add(
        badFile(
            root,
            "notes.txt",
            SampleFileKind.NOT_AN_IMAGE,
            "text/plain",
            NOTES.getBytes(StandardCharsets.UTF_8)));

    fixDirectoryTimes(root);
    return new SampleArchive(root, seed, files);
  }

  private SampleFile png(Path root, String path, BufferedImage image) throws IOException {
    byte[] bytes = SampleImagePainter.png(image);
    write(root, path, bytes, nextFixedMtime());
    return new SampleFile(
        path,
        SampleFileKind.VALID_IMAGE,
        "image/png",
        image.getWidth(),
        image.getHeight(),
        null,
        null,
        bytes.length);
  }

  private SampleFile badFile(
      Path root, String path, SampleFileKind kind, @Nullable String mediaType, byte[] bytes)
      throws IOException {
    write(root, path, bytes, nextFixedMtime());
    return new SampleFile(path, kind, mediaType, 0, 0, null, null, bytes.length);
  }

  private static void write(Path root, String relativePath, byte[] bytes, Instant mtime)
      throws IOException {
    Path target = root.resolve(relativePath);
    Files.createDirectories(target.getParent());
    Files.write(target, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    Files.setLastModifiedTime(target, FileTime.from(mtime));
  }

  /** Files without a capture time get one-minute steps from a fixed instant, in writing order. */
  private Instant nextFixedMtime() {
    return FIXED_MTIME.plus(Duration.ofMinutes(nonPhotoFiles++));
  }

  /**
   * Writing files changed the directories' times; pin them so a tree listing is reproducible too.
   */
  private static void fixDirectoryTimes(Path root) throws IOException {
    List<Path> directories;
    try (Stream<Path> walk = Files.walk(root)) {
      directories = walk.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).toList();
    }
    for (Path directory : directories) {
      Files.setLastModifiedTime(directory, FileTime.from(FIXED_MTIME));
    }
  }

  /** Each picture gets its own stream, so adding a picture does not repaint the others. */
  private Random randomFor(int index) {
    return new Random(seed * 31 + index * 0x9E3779B97F4A7C15L);
  }

  private static SampleFile find(List<SampleFile> files, String path) {
    return files.stream().filter(f -> f.path().equals(path)).findFirst().orElseThrow();
  }

  private record Camera(String make, String model) {}

  private record Shot(
      String path,
      int width,
      int height,
      Camera camera,
      String capturedAt,
      @Nullable String lensModel,
      @Nullable GpsPosition gps,
      int orientation) {

    SampleExif exif() {
      return new SampleExif(
          LocalDateTime.parse(capturedAt),
          camera.make(),
          camera.model(),
          lensModel,
          gps,
          orientation);
    }

    /** Event folder name and time, as a photo-book caption would read. */
    String caption() {
      String folder = path.substring(0, path.lastIndexOf('/'));
      String event = folder.substring(folder.lastIndexOf('/') + 1);
      return event + "  " + capturedAt.replace('T', ' ');
    }
  }
}
