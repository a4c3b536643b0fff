package dev.darkroom.batch.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.storage.archive.ArchiveReader;
import dev.darkroom.storage.archive.MountedRoot;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scan's dimensions of an image, from its header, as ImageIO's own reader would give them. */
class FileInspectorTest {

  @TempDir Path root;

  @Test
  void aJpegsDimensionsComeFromItsFrameHeaderBaselineOrProgressive() throws Exception {
    assertThat(inspect("baseline.jpg", jpeg(640, 427, false))).containsExactly(640, 427);
    assertThat(inspect("progressive.jpg", jpeg(300, 1000, true))).containsExactly(300, 1000);
  }

  @Test
  void aJpegWhoseFrameHeaderLiesBeyondTheFirst64KiBIsStillMeasured() throws Exception {
    byte[] plain = jpeg(123, 45, false);
    // An APP2 segment of 65,000 bytes after SOI pushes the frame header past the bytes read first.
    byte[] padding = new byte[65_000];
    new Random(7).nextBytes(padding);
    ByteArrayOutputStream padded = new ByteArrayOutputStream();
    padded.write(plain, 0, 2);
    for (int i = 0; i < 2; i++) {
      padded.write(new byte[] {(byte) 0xFF, (byte) 0xE2});
      int length = padding.length / 2 + 2;
      padded.write(new byte[] {(byte) (length >> 8), (byte) length});
      padded.write(padding, 0, padding.length / 2);
    }
    padded.write(plain, 2, plain.length - 2);

    assertThat(inspect("padded.jpg", padded.toByteArray())).containsExactly(123, 45);
  }

  @Test
  void aJpegWithoutAFrameHeaderHasNoDimensionsAndIsStillCatalogued() throws Exception {
    byte[] plain = jpeg(50, 50, false);
    byte[] headOnly = java.util.Arrays.copyOf(plain, 20); // SOI and part of APP0, no SOF

    FileInspector.Inspection found = inspection("broken.jpg", headOnly);

    assertThat(found.mediaType()).isEqualTo("image/jpeg");
    assertThat(found.width()).isNull();
    assertThat(found.height()).isNull();
    assertThat(found.size()).isEqualTo(20);
  }

  @Test
  void otherFormatsStillGoThroughImageIo() throws Exception {
    BufferedImage image = new BufferedImage(17, 9, BufferedImage.TYPE_INT_RGB);
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(image, "png", png);

    assertThat(inspect("small.png", png.toByteArray())).containsExactly(17, 9);
  }

  private Integer[] inspect(String name, byte[] bytes) throws Exception {
    FileInspector.Inspection found = inspection(name, bytes);
    return new Integer[] {found.width(), found.height()};
  }

  private FileInspector.Inspection inspection(String name, byte[] bytes) throws Exception {
    Path file = root.resolve(name);
    Files.write(file, bytes);
    return new FileInspector(new ArchiveReader(List.of(root)))
        .inspect(new MountedRoot("test", root), file);
  }

  private static byte[] jpeg(int width, int height, boolean progressive) throws Exception {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
      writer.setOutput(stream);
      ImageWriteParam param = writer.getDefaultWriteParam();
      if (progressive) {
        param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
      }
      writer.write(null, new IIOImage(image, null, null), param);
    } finally {
      writer.dispose();
    }
    return out.toByteArray();
  }
}
