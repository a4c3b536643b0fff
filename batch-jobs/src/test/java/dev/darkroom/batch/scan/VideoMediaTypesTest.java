package dev.darkroom.batch.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.batch.tools.video.Videos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Videos as ffmpeg writes them are recognised as videos by content, whatever they are called;
 * Matroska and WebM by the DocType of their EBML header, which ffmpeg does not write first.
 */
class VideoMediaTypesTest {

  @TempDir Path dir;

  @ParameterizedTest
  @CsvSource({
    "mp4, libx264, video/mp4",
    "mov, libx264, video/quicktime",
    "mkv, libx264, video/x-matroska",
    "webm, libvpx-vp9, video/webm",
    "avi, mpeg4, video/x-msvideo"
  })
  void givenAVideoFfmpegWroteThenItsTypeComesFromItsContent(
      String extension, String codec, String expected) throws Exception {
    Videos.assumeFfmpeg();
    Path video =
        Videos.ffmpeg(
            dir.resolve("clip." + extension),
            "-f",
            "lavfi",
            "-i",
            "testsrc=size=64x48:rate=10:duration=1",
            "-c:v",
            codec,
            "-pix_fmt",
            "yuv420p");
    byte[] bytes = Files.readAllBytes(video);
    byte[] head = Arrays.copyOf(bytes, Math.min(bytes.length, 64 * 1024));
    MediaTypeDetector detector = new MediaTypeDetector();

    assertThat(detector.detect(head, "clip." + extension)).isEqualTo(expected);
    // Under a wrong name it is still a video: a generic ISO brand ("isom") is QuickTime to Tika.
    assertThat(detector.detect(head, "renamed.bin")).startsWith("video/");
  }
}
