package dev.darkroom.batch.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.core.asset.AssetMetadata;
import dev.darkroom.core.coverage.StepOutcome;
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
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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

  @Test
  void givenAStepFailsThenLaterStepsReadingItsOutputAreNotRunAndTheUnitFailsNamingTheStep() {
    CountingTool sheet = new CountingTool("sheet", Set.of("frames"), ok("sheet"));
    UnitResult result =
        process(
            fixed("probe", ToolResult.success(ToolOutput.inline("probe", "{}"))),
            new CountingTool("frames", Set.of("probe"), ToolResult.failed("ffmpeg: partial file")),
            sheet);

    assertThat(result.status()).isEqualTo(UnitStatus.FAILED);
    assertThat(result.error())
        .isEqualTo("frames: ffmpeg: partial file; sheet: not run: input missing (frames)");
    assertThat(sheet.calls).isZero();
    assertThat(result.coverage())
        .extracting(StepOutcome::toolId)
        .containsExactly("probe", "frames");
  }

  @Test
  void givenAStepIsSkippedThenLaterStepsReadingItsOutputAreSkippedWithTheMissingKind() {
    UnitResult result =
        process(
            fixed("probe", ToolResult.skipped("tool unavailable (ffprobe not found)")),
            new CountingTool("frames", Set.of("probe"), ok("frames")));

    assertThat(result.status()).isEqualTo(UnitStatus.SKIPPED);
    assertThat(result.error())
        .isEqualTo(
            "probe: tool unavailable (ffprobe not found); frames: not run: input missing (probe)");
  }

  @Test
  void givenTheInputsExistThenTheStepRunsAndSeesThem() {
    CountingTool sheet = new CountingTool("sheet", Set.of("frames"), ok("sheet"));
    UnitResult result = process(new CountingTool("frames", Set.of(), ok("frames")), sheet);

    assertThat(result.status()).isEqualTo(UnitStatus.DONE);
    assertThat(sheet.calls).isEqualTo(1);
    assertThat(sheet.lastUpstream).containsOnlyKeys("frames");
  }

  @Test
  void givenAnInputKindNoEarlierStepMakesThenTheStepRunsFromTheOriginal() {
    CountingTool sheet = new CountingTool("sheet", Set.of("frames"), ok("sheet"));
    UnitResult result = process(fixed("probe", ok("probe")), sheet);

    assertThat(result.status()).isEqualTo(UnitStatus.DONE);
    assertThat(sheet.calls).isEqualTo(1); // a frame source extracts them itself
  }

  @Test
  void givenAToolProjectsItsOutputThenTheResultCarriesItForTheCatalogAndOthersAddNothing() {
    AssetMetadata projected =
        new AssetMetadata(null, null, null, null, 48.0, 2.0, null, 320, 240, 3000L);
    Tool probe =
        new CountingTool("probe", Set.of(), ok("probe")) {
          @Override
          public Optional<AssetMetadata> catalogProjection(ToolOutput output) {
            return Optional.of(projected);
          }
        };

    UnitResult result = process(probe, fixed("thumbnail", ok("thumbnail")));

    assertThat(result.catalog()).isEqualTo(projected);
    assertThat(process(fixed("thumbnail", ok("thumbnail"))).catalog()).isNull();
  }

  private static ToolResult ok(String kind) {
    return ToolResult.success(ToolOutput.inline(kind, "{}"));
  }

  /** Declares its input kinds, returns a fixed result and remembers what it saw. */
  private static class CountingTool implements Tool {
    private final String id;
    private final Set<String> inputs;
    private final ToolResult result;
    int calls;
    Map<String, ToolOutput> lastUpstream = Map.of();

    CountingTool(String id, Set<String> inputs, ToolResult result) {
      this.id = id;
      this.inputs = inputs;
      this.result = result;
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public String version() {
      return "1";
    }

    @Override
    public Set<String> inputKinds() {
      return inputs;
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
      calls++;
      lastUpstream = input.upstream();
      return result;
    }
  }

  @Test
  void givenTheThumbnailFailsThenPhashIsNotRunRatherThanHashingTheOriginal() {
    UnitResult result =
        process(
            fixed("thumbnail", ToolResult.failed("cannot decode image: damaged")),
            new dev.darkroom.batch.tools.phash.PhashTool());

    assertThat(result.status()).isEqualTo(UnitStatus.FAILED);
    assertThat(result.error())
        .isEqualTo(
            "thumbnail: cannot decode image: damaged; phash: not run: input missing (thumbnail)");
    assertThat(result.outputs()).isEmpty();
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
