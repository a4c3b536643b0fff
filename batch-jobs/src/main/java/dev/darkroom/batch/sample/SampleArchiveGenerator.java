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
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 * mislabelled, not-an-image and corrupt-EXIF. About 1.5 MB in all.
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

  /**
   * The photos. Width × height as displayed (orientations 6 and 8 store them swapped); "lens" means
   * the camera's lens is recorded in LensModel; gps names a place below or "-" for none.
   */
  private static final String SHOTS =
      """
      2019/2019-07 Lake trip/IMG_0412.jpg             | 4000x3000 | canon  | 2019-07-14T09:12:03 | lens | annecy    | 1
      2019/2019-07 Lake trip/IMG_0413.jpg             | 1024x683  | canon  | 2019-07-14T09:15:47 | lens | annecy    | 1
      2019/2019-07 Lake trip/IMG_0420.jpg             | 683x1024  | canon  | 2019-07-14T11:02:10 | lens | annecy    | 6
      2019/2019-07 Lake trip/IMG_0431.jpg             | 800x533   | canon  | 2019-07-15T18:40:00 | -    | annecy    | 1
      2019/2019-07 Lake trip/Sunset over the lake.jpg | 1024x683  | canon  | 2019-07-15T20:55:31 | lens | annecy    | 1
      2019/2019-12 Christmas/IMG_1201.jpg             | 800x600   | iphone | 2019-12-24T17:30:12 | lens | -         | 1
      2019/2019-12 Christmas/IMG_1202.jpg             | 600x800   | iphone | 2019-12-24T18:01:44 | lens | -         | 8
      2019/2019-12 Christmas/IMG_1207.jpg             | 800x600   | iphone | 2019-12-25T10:14:09 | lens | -         | 1
      2020/2020-02 Reykjavik/DSCF0101.jpg             | 1200x800  | fuji   | 2020-02-08T13:22:51 | lens | reykjavik | 1
      2020/2020-02 Reykjavik/DSCF0102.jpg             | 1200x800  | fuji   | 2020-02-08T13:23:05 | lens | reykjavik | 1
      2020/2020-02 Reykjavik/DSCF0140.jpg             | 800x1200  | fuji   | 2020-02-09T15:47:30 | lens | reykjavik | 1
      2020/2020-02 Reykjavik/DSCF0155.jpg             | 1200x800  | fuji   | 2020-02-10T10:05:00 | -    | reykjavik | 1
      2021/2021-05 Lisbon/DSCF2210.jpg                | 1200x800  | fuji   | 2021-05-03T10:31:18 | lens | lisbon    | 1
      2021/2021-05 Lisbon/DSCF2214.jpg                | 800x1200  | fuji   | 2021-05-03T10:40:52 | lens | lisbon    | 6
      2021/2021-05 Lisbon/Tram 28 – Alfama.jpg        | 1024x683  | fuji   | 2021-05-04T16:12:40 | lens | lisbon    | 1
      2021/2021-05 Lisbon/DSCF2301.jpg                | 1200x800  | fuji   | 2021-05-05T19:58:03 | lens | lisbon    | 1
      2022/2022-08 Garden/IMG_4001.jpg                | 1008x756  | iphone | 2022-08-20T08:45:10 | lens | cape-town | 1
      2022/2022-08 Garden/IMG_4002.jpg                | 756x1008  | iphone | 2022-08-20T08:46:02 | lens | cape-town | 6
      2022/2022-08 Garden/IMG_4010.jpg                | 1008x756  | iphone | 2022-08-21T12:00:00 | lens | cape-town | 1
      2022/2022-08 Garden/IMG_4011.jpg                | 1008x756  | iphone | 2022-08-21T12:03:27 | lens | -         | 1
      2023/2023-03 Birthday/IMG_7001.jpg              | 1024x683  | canon  | 2023-03-11T15:20:00 | lens | -         | 1
      2023/2023-03 Birthday/IMG_7002.jpg              | 683x1024  | canon  | 2023-03-11T15:24:36 | lens | -         | 8
      2023/2023-03 Birthday/IMG_7015.jpg              | 800x533   | canon  | 2023-03-11T17:02:19 | -    | -         | 1
      Inbox/Ünïcødé – café.jpg                        | 800x600   | iphone | 2023-06-01T12:00:00 | lens | lisbon    | 1
      Inbox/<img src=x onerror=alert(1)>.jpg          | 640x480   | fuji   | 2023-06-02T09:09:09 | -    | -         | 1
      """;

  private static final Map<String, Camera> CAMERAS =
      Map.of(
          "canon", new Camera("Canon", "Canon EOS 5D Mark IV", "EF24-70mm f/2.8L II USM"),
          "fuji", new Camera("FUJIFILM", "X-T3", "XF35mmF1.4 R"),
          "iphone",
              new Camera("Apple", "iPhone 12", "iPhone 12 back dual wide camera 4.2mm f/1.6"));

  private static final Map<String, GpsPosition> PLACES =
      Map.of(
          "annecy", new GpsPosition(45.8992, 6.1294),
          "reykjavik", new GpsPosition(64.1466, -21.9426),
          "lisbon", new GpsPosition(38.7139, -9.1394),
          "cape-town", new GpsPosition(-33.9249, 18.4241));

  private static final String DUPLICATED = "2019/2019-07 Lake trip/IMG_0413.jpg";
  private static final String TRUNCATED = "2019/2019-07 Lake trip/IMG_0431.jpg";

  private static final String NOTES =
      """
      Sample archive generated by Darkroom's SampleArchiveGenerator.
      Photos are synthetic; EXIF, names and broken files are chosen to exercise the scanner.
      """;

  private final long seed;

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
    Output out = new Output(TargetDirectories.prepareEmpty(dir));
    Map<String, byte[]> photoBytes = new HashMap<>();
    int picture = 0;

    for (Shot shot : shots()) {
      Random random = randomFor(picture++);
      BufferedImage upright =
          SampleImagePainter.scene(shot.width(), shot.height(), shot.caption(), random);
      BufferedImage stored = SampleImagePainter.storedForOrientation(upright, shot.orientation());
      SampleExif exif = shot.exif();
      byte[] bytes = SampleExifWriter.withExif(SampleImagePainter.jpeg(stored), exif);
      photoBytes.put(shot.path(), bytes);
      out.write(
          new SampleFile(
              shot.path(),
              SampleFileKind.VALID_IMAGE,
              "image/jpeg",
              stored.getWidth(),
              stored.getHeight(),
              exif,
              null,
              bytes.length),
          bytes,
          exif.captureTime().toInstant(ZoneOffset.UTC));
    }

    out.png(
        "Scans/scan-1987-summer.png",
        SampleImagePainter.scene(900, 600, "Summer 1987 (scan)", randomFor(picture++)));
    out.png(
        "Scans/logo-transparent.png",
        SampleImagePainter.transparentLogo(256, randomFor(picture++)));
    out.png(
        "Screenshots/Screenshot 2022-03-14 at 09.30.12.png",
        SampleImagePainter.scene(800, 500, "Screenshot", randomFor(picture++)));

    SampleFile original = out.file(DUPLICATED);
    out.write(
        new SampleFile(
            "Inbox/IMG_0413 copy.jpg",
            SampleFileKind.DUPLICATE,
            "image/jpeg",
            original.width(),
            original.height(),
            original.exif(),
            original.path(),
            original.size()),
        photoBytes.get(DUPLICATED));

    out.bad("Inbox/empty.jpg", SampleFileKind.ZERO_BYTE, null, new byte[0]);

    byte[] whole = photoBytes.get(TRUNCATED);
    byte[] truncated = Arrays.copyOf(whole, whole.length * 2 / 5);
    out.write(
        new SampleFile(
            "Inbox/IMG_0431 (transfer interrupted).jpg",
            SampleFileKind.TRUNCATED,
            "image/jpeg",
            0,
            0,
            null,
            TRUNCATED,
            truncated.length),
        truncated);

    byte[] png =
        SampleImagePainter.png(
            SampleImagePainter.scene(600, 400, "PNG in disguise", randomFor(picture++)));
    out.write(
        new SampleFile(
            "Inbox/actually-a-png.jpg",
            SampleFileKind.MISLABELLED,
            "image/png",
            600,
            400,
            null,
            null,
            png.length),
        png);

    out.bad(
        "Inbox/IMG_9999.jpg",
        SampleFileKind.NOT_AN_IMAGE,
        "text/plain",
        "This is not a JPEG, only a note saved under the wrong name.\n"
            .getBytes(StandardCharsets.UTF_8));

    Random random = randomFor(picture++);
    byte[] corrupt =
        SampleExifWriter.withCorruptExif(
            SampleImagePainter.jpeg(SampleImagePainter.scene(800, 600, "Corrupt EXIF", random)),
            random);
    out.write(
        new SampleFile(
            "Inbox/DSCF9999 corrupt exif.jpg",
            SampleFileKind.CORRUPT_EXIF,
            "image/jpeg",
            800,
            600,
            null,
            null,
            corrupt.length),
        corrupt);

    out.bad(
        "notes.txt",
        SampleFileKind.NOT_AN_IMAGE,
        "text/plain",
        NOTES.getBytes(StandardCharsets.UTF_8));

    out.pinDirectoryTimes();
    return new SampleArchive(out.root, seed, out.files);
  }

  /** Each picture gets its own stream, so adding a picture does not repaint the others. */
  private Random randomFor(int picture) {
    return new Random(seed * 31 + picture * 0x9E3779B97F4A7C15L);
  }

  private static List<Shot> shots() {
    return SHOTS.lines().map(Shot::parse).toList();
  }

  /** The files written so far, and the clock for files without a capture time. */
  private static final class Output {

    final Path root;
    final List<SampleFile> files = new ArrayList<>();
    private int undated;

    Output(Path root) {
      this.root = root;
    }

    void write(SampleFile file, byte[] bytes, Instant mtime) throws IOException {
      Path target = root.resolve(file.path());
      Files.createDirectories(target.getParent());
      Files.write(target, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      Files.setLastModifiedTime(target, FileTime.from(mtime));
      files.add(file);
    }

    /** Files without a capture time get one-minute steps from a fixed instant, in writing order. */
    void write(SampleFile file, byte[] bytes) throws IOException {
      write(file, bytes, FIXED_MTIME.plus(Duration.ofMinutes(undated++)));
    }

    void png(String path, BufferedImage image) throws IOException {
      byte[] bytes = SampleImagePainter.png(image);
      write(
          new SampleFile(
              path,
              SampleFileKind.VALID_IMAGE,
              "image/png",
              image.getWidth(),
              image.getHeight(),
              null,
              null,
              bytes.length),
          bytes);
    }

    void bad(String path, SampleFileKind kind, @Nullable String mediaType, byte[] bytes)
        throws IOException {
      write(new SampleFile(path, kind, mediaType, 0, 0, null, null, bytes.length), bytes);
    }

    SampleFile file(String path) {
      return files.stream().filter(f -> f.path().equals(path)).findFirst().orElseThrow();
    }

    /** Writing files changed the directories' times; pin them so a listing is reproducible too. */
    void pinDirectoryTimes() throws IOException {
      List<Path> directories;
      try (Stream<Path> walk = Files.walk(root)) {
        directories = walk.filter(Files::isDirectory).toList();
      }
      for (Path directory : directories) {
        Files.setLastModifiedTime(directory, FileTime.from(FIXED_MTIME));
      }
    }
  }

  private record Camera(String make, String model, String lens) {}

  private record Shot(
      String path,
      int width,
      int height,
      Camera camera,
      LocalDateTime capturedAt,
      boolean withLens,
      @Nullable GpsPosition gps,
      int orientation) {

    private static final DateTimeFormatter CAPTION_TIME =
        DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** One row of {@link #SHOTS}. */
    static Shot parse(String row) {
      String[] cells = row.split("\\|");
      String[] size = cells[1].strip().split("x");
      String place = cells[5].strip();
      return new Shot(
          cells[0].strip(),
          Integer.parseInt(size[0]),
          Integer.parseInt(size[1]),
          Objects.requireNonNull(CAMERAS.get(cells[2].strip()), row),
          LocalDateTime.parse(cells[3].strip()),
          cells[4].strip().equals("lens"),
          place.equals("-") ? null : Objects.requireNonNull(PLACES.get(place), row),
          Integer.parseInt(cells[6].strip()));
    }

    SampleExif exif() {
      return new SampleExif(
          capturedAt,
          camera.make(),
          camera.model(),
          withLens ? camera.lens() : null,
          gps,
          orientation);
    }

    /** Event folder name and time, as a photo-book caption would read. */
    String caption() {
      String folder = path.substring(0, path.lastIndexOf('/'));
      String event = folder.substring(folder.lastIndexOf('/') + 1);
      return event + "  " + CAPTION_TIME.format(capturedAt);
    }
  }
}
