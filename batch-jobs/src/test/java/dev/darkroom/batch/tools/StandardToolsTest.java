package dev.darkroom.batch.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.core.tool.PipelineRegistry;
import dev.darkroom.core.tool.Tool;
import dev.darkroom.core.tool.ToolRegistry;
import org.junit.jupiter.api.Test;

class StandardToolsTest {

  @Test
  void imagesBasicRunsMetadataThenThumbnail() {
    ToolRegistry tools = StandardTools.registry();
    var pipeline = PipelineRegistry.standard().get("images-basic");

    assertThat(tools.toolsOf(pipeline))
        .extracting(Tool::id, Tool::version)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("image-metadata", "4"),
            org.assertj.core.groups.Tuple.tuple("thumbnail", "2"));
  }

  @Test
  void bothToolsTakeTheCommonPhotoFormatsAndOnlyMetadataTakesEveryImage() {
    ToolRegistry tools = StandardTools.registry();
    assertThat(tools.get("thumbnail").acceptedMediaTypes().accepts("image/jpeg")).isTrue();
    assertThat(tools.get("image-metadata").acceptedMediaTypes().accepts("image/jpeg")).isTrue();
    for (String type :
        new String[] {
          "image/heic", "image/heif", "image/webp", "image/tiff", "image/x-canon-cr2"
        }) {
      assertThat(tools.get("thumbnail").acceptedMediaTypes().accepts(type)).as(type).isTrue();
    }
    assertThat(tools.get("thumbnail").acceptedMediaTypes().accepts("image/svg+xml")).isFalse();
    assertThat(tools.get("image-metadata").acceptedMediaTypes().accepts("image/heic")).isTrue();
    assertThat(tools.get("image-metadata").acceptedMediaTypes().accepts("text/plain")).isFalse();
  }
}
