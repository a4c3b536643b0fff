package dev.darkroom.batch.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.core.run.PendingUnit;
import dev.darkroom.core.run.UnitStatus;
import dev.darkroom.core.tool.MediaTypeSet;
import dev.darkroom.core.tool.Tool;
import dev.darkroom.core.tool.ToolInput;
import dev.darkroom.core.tool.ToolOutput;
import dev.darkroom.core.tool.ToolParameters;
import dev.darkroom.core.tool.ToolResult;
import dev.darkroom.storage.archive.ArchiveReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a unit's status follows from its tools' results (tools faked; the archive is real). */
class UnitProcessorTest {

  @TempDir Path archiveRoot;
  private ArchiveReader archive;
  private PendingUnit unit;

  @BeforeEach
  void archive() throws IOException {
    Files.writeString(archiveRoot.resolve("IMG_0001.heic"), "pretend HEIC");
    archive = new ArchiveReader(List.of(archiveRoot));
    unit =
        new PendingUnit(
            1,
            "asset:1",
            1,
            0,
            "image/heic",
            archiveRoot.getFileName().toString(),
            "IMG_0001.heic");
  }

  @Test
  void givenMetadataSucceedsAndTheThumbnailIsSkippedThenTheUnitIsSkippedNotDone() {
    UnitResult result =
        process(
            fixed("image-metadata", ToolResult.success(ToolOutput.inline("image-metadata", "{}"))),
            fixed("thumbnail", ToolResult.skipped("tool unavailable (heif-convert not found)")));

    assertThat(result.status()).isEqualTo(UnitStatus.SKIPPED);
    assertThat(result.error()).isEqualTo("thumbnail: tool unavailable (heif-convert not found)");
    assertThat(result.outputs()).hasSize(1); // the metadata is still written
  }

  @Test
  void givenEveryToolSucceedsThenTheUnitIsDone() {
    UnitResult result =
        process(
            fixed("image-metadata", ToolResult.success(ToolOutput.inline("image-metadata", "{}"))),
            fixed(
                "thumbnail",
                ToolResult.success(ToolOutput.stored("thumbnail", "image/jpeg", new byte[] {1}))));

    assertThat(result.status()).isEqualTo(UnitStatus.DONE);
    assertThat(result.error()).isNull();
  }

  @Test
  void givenOneToolFailsAndAnotherIsSkippedThenTheFailureWins() {
    UnitResult result =
        process(
            fixed("image-metadata", ToolResult.failed("cannot read image metadata: bad")),
            fixed("thumbnail", ToolResult.skipped("not an image")));

    assertThat(result.status()).isEqualTo(UnitStatus.FAILED);
    assertThat(result.error()).isEqualTo("image-metadata: cannot read image metadata: bad");
  }

  private UnitResult process(Tool... tools) {
    List<PipelineTool> steps =
        java.util.Arrays.stream(tools)
            .map(t -> new PipelineTool(t, ToolParameters.empty()))
            .toList();
    return new UnitProcessor(steps, archive, new ToolRunner(1, Duration.ZERO)).process(unit);
  }

  private static Tool fixed(String id, ToolResult result) {
    return new Tool() {
      @Override
      public String id() {
        return id;
      }

      @Override
      public String version() {
        return "1";
      }

      @Override
      public MediaTypeSet acceptedMediaTypes() {
        return MediaTypeSet.of("image/*");
      }

      @Override
      public ToolParameters resolveParameters(ToolParameters requested) {
        return requested;
      }

      @Override
      public ToolResult process(ToolInput input) {
        return result;
      }
    };
  }
}
