package dev.darkroom.batch.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.core.tool.ToolParameters;
import dev.darkroom.core.tool.ToolResult;
import org.junit.jupiter.api.Test;

class OriginalBytesTest {

  @Test
  void readsTheWholeOriginal() {
    OriginalBytes read =
        OriginalBytes.read(ToolInputs.ofBytes(new byte[] {1, 2, 3}, "image/png", params()));
    assertThat(read.failure()).isNull();
    assertThat(read.bytes()).containsExactly(1, 2, 3);
  }

  @Test
  void anOriginalOverTheLimitFailsWithoutBeingReadWhole() {
    OriginalBytes read =
        OriginalBytes.read(
            ToolInputs.ofBytes(new byte[3 * 1024 * 1024], "image/tiff", params()), 2 * 1024 * 1024);
    assertThat(read.bytes()).isNull();
    assertThat(read.failure())
        .isEqualTo(ToolResult.failed("the file is larger than 2 MiB; not processed"));
  }

  @Test
  void emptyAndUnreadableOriginalsAreFailuresOfDifferentKinds() {
    assertThat(OriginalBytes.read(ToolInputs.ofBytes(new byte[0], "image/png", params())).failure())
        .isEqualTo(ToolResult.failed("the file is empty (0 bytes)"));
    assertThat(
            OriginalBytes.read(ToolInputs.unreadable("image/png", params())).failure().retryable())
        .isTrue();
  }

  private static ToolParameters params() {
    return ToolParameters.empty();
  }
}
