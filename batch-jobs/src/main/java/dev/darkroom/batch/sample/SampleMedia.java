package dev.darkroom.batch.sample;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * The sample archive's {@value #DIR}/ folder, added beside what {@link SampleArchiveGenerator}
 * writes so that the main job has something for every pipeline: a phone HEIC, a PNG, a short phone
 * video and four near-duplicates of one picture (resized, re-encoded at JPEG quality 0.3, cropped
 * and brightened). Kept apart from the generator because many tests rely on its 33 files.
 *
 * <p>The HEIC and the video are committed resources (see {@code README.md} beside them for how they
 * were made): a machine with only a JDK can write them, and only a worker with {@code heif-convert}
 * or {@code ffmpeg} can read them. The rest is drawn here. Output is the same on every call, with
 * the generator's fixed modification time.
 */
public final class SampleMedia {

  /** The folder, relative to the archive root, that holds the media. */
  public static final String DIR = "media";

  /** An iPhone-style HEIC photo, 480×360, EXIF capture time, camera and GPS (Lisbon). */
  public static final String HEIC = DIR + "/IMG_8001.HEIC";

  /** A PNG drawing, unrelated to the other pictures. */
  public static final String PNG = DIR + "/diagram.png";

  /** A two-second QuickTime movie, 160×120 H.264, with creation time, make, model and GPS. */
  public static final String VIDEO = DIR + "/IMG_8002.MOV";

  /** One picture and three edits of it: one near-duplicate cluster. */
  public static final List<String> NEAR_DUPLICATES =
      List.of(
          DIR + "/Hills/hills.jpg",
          DIR + "/Hills/hills-small.jpg",
          DIR + "/Hills/hills-q30.jpg",
          DIR + "/Hills/hills-edited.jpg");

  private static final String RESOURCES = "/dev/darkroom/batch/sample/";

  private SampleMedia() {}

  /** Every file {@link #addTo} writes, relative to the root. */
  public static List<String> files() {
    List<String> files = new ArrayList<>(List.of(HEIC, PNG, VIDEO));
    files.addAll(NEAR_DUPLICATES);
    return List.copyOf(files);
  }

  /**
   * Writes the media under {@code root}/{@value #DIR}, nowhere else.
   *
   * @param root a sample archive's root
   * @return the files written, relative to the root
   * @throws NonEmptyDirectoryException if {@code root}/{@value #DIR} exists already: the media are
   *     added once, never mixed into a folder
   */
  public static List<String> addTo(Path root) throws IOException {
    Path dir = root.resolve(DIR);
    if (Files.exists(dir)) {
      throw new NonEmptyDirectoryException(dir);
    }
    Files.createDirectories(dir.resolve("Hills"));
    write(root, HEIC, resource("IMG_8001.HEIC"));
    write(root, VIDEO, resource("IMG_8002.MOV"));
    write(root, PNG, png(NearDuplicatePictures.circles()));
    BufferedImage hills = NearDuplicatePictures.scene();
    write(root, NEAR_DUPLICATES.get(0), NearDuplicatePictures.jpeg(hills, 0.9f));
    write(
        root,
        NEAR_DUPLICATES.get(1),
        NearDuplicatePictures.jpeg(NearDuplicatePictures.scaled(hills, 320, 240), 0.85f));
    write(root, NEAR_DUPLICATES.get(2), NearDuplicatePictures.jpeg(hills, 0.3f));
    write(
        root,
        NEAR_DUPLICATES.get(3),
        NearDuplicatePictures.jpeg(
            NearDuplicatePictures.brightened(hills.getSubimage(8, 6, 624, 468), 20), 0.85f));
    FileTime fixed = FileTime.from(SampleArchiveGenerator.FIXED_MTIME);
    Files.setLastModifiedTime(dir.resolve("Hills"), fixed);
    Files.setLastModifiedTime(dir, fixed);
    return files();
  }

  private static void write(Path root, String relPath, byte[] bytes) throws IOException {
    Path file = root.resolve(relPath);
    Files.write(file, bytes);
    Files.setLastModifiedTime(file, FileTime.from(SampleArchiveGenerator.FIXED_MTIME));
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = SampleMedia.class.getResourceAsStream(RESOURCES + name)) {
      if (in == null) {
        throw new IOException("the sample media resource " + name + " is missing from the jar");
      }
      return in.readAllBytes();
    }
  }

  private static byte[] png(BufferedImage image) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
