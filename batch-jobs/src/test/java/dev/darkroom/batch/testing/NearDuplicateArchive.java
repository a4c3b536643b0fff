package dev.darkroom.batch.testing;

import static dev.darkroom.batch.sample.NearDuplicatePictures.brightened;
import static dev.darkroom.batch.sample.NearDuplicatePictures.circles;
import static dev.darkroom.batch.sample.NearDuplicatePictures.jpeg;
import static dev.darkroom.batch.sample.NearDuplicatePictures.scaled;
import static dev.darkroom.batch.sample.NearDuplicatePictures.stripes;

import dev.darkroom.batch.sample.NearDuplicatePictures;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * A small archive of near-duplicates made from one drawn picture, as an archive holds them: the
 * picture, a smaller PNG, a JPEG at quality 0.3, a slightly cropped and brightened copy, a
 * byte-identical copy at another path, and an unrelated picture. {@link #addLater} adds a larger
 * re-export and another unrelated picture, for a rerun. Shared with the orchestrator's tests.
 */
public final class NearDuplicateArchive {

  /** The near copies of the scene, relative to the root (the copy under copies/ is exact). */
  public static final String[] SCENE_VARIANTS = {
    "scene.jpg", "scene-small.png", "scene-q30.jpg", "scene-cropped-bright.jpg"
  };

  public static final String EXACT_COPY = "copies/scene.jpg";
  public static final String UNRELATED = "circles.png";
  public static final String LATER_VARIANT = "later/scene-large.jpg";
  public static final String LATER_UNRELATED = "later/stripes.png";

  private NearDuplicateArchive() {}

  public static void write(Path root) throws IOException {
    Files.createDirectories(root.resolve("copies"));
    BufferedImage scene = scene();
    byte[] original = jpeg(scene, 0.9f);
    Files.write(root.resolve("scene.jpg"), original);
    Files.write(root.resolve(EXACT_COPY), original);
    ImageIO.write(scaled(scene, 320, 240), "png", root.resolve("scene-small.png").toFile());
    Files.write(root.resolve("scene-q30.jpg"), jpeg(scene, 0.3f));
    Files.write(
        root.resolve("scene-cropped-bright.jpg"),
        jpeg(brightened(scene.getSubimage(8, 6, 624, 468), 20), 0.85f));
    ImageIO.write(circles(), "png", root.resolve(UNRELATED).toFile());
  }

  public static void addLater(Path root) throws IOException {
    Files.createDirectories(root.resolve("later"));
    Files.write(root.resolve(LATER_VARIANT), jpeg(scaled(scene(), 800, 600), 0.8f));
    ImageIO.write(stripes(), "png", root.resolve(LATER_UNRELATED).toFile());
  }

  /** A landscape: sky, sun, hills and a house ({@link NearDuplicatePictures#scene()}). */
  public static BufferedImage scene() {
    return NearDuplicatePictures.scene();
  }
}
