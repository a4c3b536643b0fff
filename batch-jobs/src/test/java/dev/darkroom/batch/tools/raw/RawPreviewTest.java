package dev.darkroom.batch.tools.raw;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RawPreviewTest {

  @Test
  void givenEachRawLayoutWhenAskedForThePreviewThenTheLargestBaselineJpegComesWithTheOrientation()
      throws IOException {
    for (byte[] raw :
        new byte[][] {
          RawFiles.cr2(640, 480, 8),
          RawFiles.nef(640, 480, 8),
          RawFiles.arw(640, 480, 8),
          RawFiles.dng(640, 480, 8)
        }) {
      assertThat(RawPreview.isRaw(raw)).isTrue();

      RawPreview.Preview preview = RawPreview.largest(raw).orElseThrow();

      assertThat(preview.width()).isEqualTo(640);
      assertThat(preview.height()).isEqualTo(480);
      assertThat(preview.orientation()).isEqualTo(8);
      assertThat(preview.jpeg()).startsWith((byte) 0xFF, (byte) 0xD8);
    }
  }

  @Test
  void givenAPlainTiffThenItIsNotRawAndHasNoPreview() throws IOException {
    byte[] tiff = RawFiles.plainTiff(200, 100);
    assertThat(RawPreview.isRaw(tiff)).isFalse();
    assertThat(RawPreview.largest(tiff)).isEmpty();
  }

  @Test
  void givenPointersOutsideTheFileThenThereIsNoPreviewAndNoException() throws IOException {
    byte[] nef = RawFiles.nef(640, 480, 1);
    byte[] cut = Arrays.copyOf(nef, nef.length / 2);
    assertThat(RawPreview.largest(cut)).isNotPresent();
    assertThat(RawPreview.largest(new byte[] {'I', 'I', 42, 0, 8, 0, 0, 0})).isEmpty();
  }
}
