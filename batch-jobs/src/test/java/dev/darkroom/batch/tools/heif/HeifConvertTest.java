package dev.darkroom.batch.tools.heif;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real {@code heif-convert} and {@code heif-enc} (libheif-examples); skips naming them.
 */
class HeifConvertTest {

  @TempDir Path temp;

  @Test
  void givenAHeicMadeByHeifEncWhenConvertedThenTheJpegHasItsSizeAndNoTempFilesStay()
      throws Exception {
    HeifConvert convert = requireHeifConvert();
    byte[] heic = HeifSamples.heic(temp, 320, 240);

    byte[] jpeg = convert.toJpeg(heic);

    BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg));
    assertThat(image.getWidth()).isEqualTo(320);
    assertThat(image.getHeight()).isEqualTo(240);
    assertThat(listTempRoot()).isEmpty();
  }

  @Test
  void givenRandomBytesWithAHeicHeaderThenTheReasonIsHeifConvertsAndNoTempFilesStay()
      throws Exception {
    HeifConvert convert = requireHeifConvert();
    byte[] bytes = new byte[4000];
    new Random(7).nextBytes(bytes);
    byte[] header = "\0\0\0\u0018ftypheic\0\0\0\0mif1heic".getBytes("ISO-8859-1");
    System.arraycopy(header, 0, bytes, 0, header.length);

    assertThatThrownBy(() -> convert.toJpeg(bytes))
        .isInstanceOf(HeifDecodeException.class)
        .hasMessageStartingWith("heif-convert failed (exit 1): ")
        .hasMessageContaining("meta");
    assertThat(listTempRoot()).isEmpty();
  }

  @Test
  void givenAProgramThatHangsThenItIsKilledAtTheTimeoutAndNoTempFilesStay() throws Exception {
    Path hanging = temp.resolve("bin/heif-convert");
    Files.createDirectories(hanging.getParent());
    Files.writeString(hanging, "#!/bin/sh\nexec sleep 60\n");
    Files.setPosixFilePermissions(hanging, PosixFilePermissions.fromString("rwx------"));
    HeifConvert convert = new HeifConvert(hanging, Duration.ofSeconds(1), tempRoot());

    assertThatThrownBy(() -> convert.toJpeg(new byte[] {1, 2, 3}))
        .isInstanceOf(HeifDecodeException.class)
        .hasMessage("heif-convert did not finish within 1 s; killed");
    assertThat(listTempRoot()).isEmpty();
  }

  @Test
  void givenNoProgramThenItIsUnavailableWithAReasonNamingIt() {
    HeifConvert convert = new HeifConvert(null, Duration.ofSeconds(1), temp);
    assertThat(convert.available()).isFalse();
    assertThatThrownBy(() -> convert.toJpeg(new byte[] {1}))
        .hasMessage("tool unavailable (heif-convert not found)");
  }

  @Test
  void givenAPathThenTheProgramIsFoundOnlyWhereItIsExecutable() throws IOException {
    Path dir = Files.createDirectories(temp.resolve("path"));
    Path plain = Files.writeString(dir.resolve("heif-convert"), "not executable");
    Files.setPosixFilePermissions(plain, PosixFilePermissions.fromString("rw-------"));
    assertThat(HeifConvert.findOnPath("heif-convert", dir.toString())).isEmpty();
    Files.setPosixFilePermissions(plain, PosixFilePermissions.fromString("rwx------"));
    assertThat(HeifConvert.findOnPath("heif-convert", "/nonexistent:" + dir)).contains(plain);
    assertThat(HeifConvert.findOnPath("heif-convert", null)).isEmpty();
  }

  private HeifConvert requireHeifConvert() throws IOException {
    HeifConvert fromPath = HeifConvert.fromPath();
    assumeTrue(fromPath.available(), "heif-convert (libheif-examples) is not on the PATH");
    return new HeifConvert(
        HeifConvert.findOnPath(HeifConvert.PROGRAM, System.getenv("PATH")).orElseThrow(),
        HeifConvert.DEFAULT_TIMEOUT,
        tempRoot());
  }

  private Path tempRoot() throws IOException {
    return Files.createDirectories(temp.resolve("tmp"));
  }

  private Path[] listTempRoot() throws IOException {
    try (Stream<Path> files = Files.list(temp.resolve("tmp"))) {
      return files.toArray(Path[]::new);
    }
  }
}
