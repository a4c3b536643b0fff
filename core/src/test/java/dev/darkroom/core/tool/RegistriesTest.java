package dev.darkroom.core.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RegistriesTest {

  @Test
  void imagesBasicIsMetadataThenThumbnailVersionOne() {
    Pipeline pipeline = PipelineRegistry.standard().get("images-basic");
    assertThat(pipeline.version()).isEqualTo("1");
    assertThat(pipeline.toolIds()).containsExactly("image-metadata", "thumbnail");
  }

  @Test
  void theDuplicatesPipelineHashesThumbnailsAndEndsWithItsAggregateStep() {
    Pipeline pipeline = PipelineRegistry.standard().get("duplicates");
    assertThat(pipeline.toolIds()).containsExactly("thumbnail", "phash");
    assertThat(PipelineRegistry.aggregateSteps("duplicates")).containsExactly("near-duplicates");
    assertThat(PipelineRegistry.aggregateSteps("images-basic")).isEmpty();
  }

  @Test
  void videoBasicProbesThenTakesFramesThenMakesPosterAndSheet() {
    assertThat(PipelineRegistry.standard().get("video-basic").toolIds())
        .containsExactly("video-probe", "keyframes", "video-thumbnail", "contact-sheet");
  }

  @Test
  void unknownPipelineNamesTheKnownOnes() {
    assertThatThrownBy(() -> PipelineRegistry.standard().get("videos"))
        .isInstanceOf(UnknownPipelineException.class)
        .hasMessage("no pipeline videos (known: duplicates, images-basic, video-basic)");
    assertThat(PipelineRegistry.standard().find("videos")).isEmpty();
  }

  @Test
  void toolRegistryResolvesAPipelineInItsOrder() {
    ToolRegistry tools =
        ToolRegistry.of(new FixedTool("thumbnail"), new FixedTool("image-metadata"));
    assertThat(tools.toolsOf(PipelineRegistry.IMAGES_BASIC))
        .extracting(Tool::id)
        .containsExactly("image-metadata", "thumbnail");
    assertThat(tools.ids()).containsExactly("image-metadata", "thumbnail");
  }

  @Test
  void aPipelineNeedingAMissingToolIsRefused() {
    ToolRegistry tools = ToolRegistry.of(new FixedTool("thumbnail"));
    assertThatThrownBy(() -> tools.toolsOf(PipelineRegistry.IMAGES_BASIC))
        .isInstanceOf(UnknownToolException.class)
        .hasMessageContaining("image-metadata");
    assertThatThrownBy(() -> tools.get("ocr")).isInstanceOf(UnknownToolException.class);
  }

  @Test
  void idsAreUniqueAndPipelinesWellFormed() {
    assertThatThrownBy(() -> ToolRegistry.of(new FixedTool("a"), new FixedTool("a")))
        .isInstanceOf(IllegalArgumentException.class);
    Pipeline p = new Pipeline("p", "1", List.of("a"));
    assertThatThrownBy(() -> new PipelineRegistry(List.of(p, p)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Pipeline("p", "1", List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Pipeline("p", "1", List.of("a", "a")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** A tool that succeeds with nothing; enough to test registries. */
  private record FixedTool(String id) implements Tool {
    @Override
    public String version() {
      return "1";
    }

    @Override
    public MediaTypeSet acceptedMediaTypes() {
      return MediaTypeSet.of("*/*");
    }

    @Override
    public ToolParameters resolveParameters(ToolParameters requested) {
      return requested;
    }

    @Override
    public ToolResult process(ToolInput input) {
      return ToolResult.success(List.of());
    }
  }
}
