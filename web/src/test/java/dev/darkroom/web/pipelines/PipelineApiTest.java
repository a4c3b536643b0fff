package dev.darkroom.web.pipelines;

import static org.hamcrest.Matchers.hasItem;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.darkroom.batch.tools.StandardTools;
import dev.darkroom.core.tool.PipelineRegistry;
import dev.darkroom.core.tool.ToolRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;

/** The pipelines and tools this server ships, with their versions. */
@WebMvcTest
@WithMockUser(roles = "VIEWER")
class PipelineApiTest {

  @SpringBootConfiguration
  @Import(PipelineApiController.class)
  static class Slice {
    @Bean
    ToolRegistry tools() {
      return StandardTools.registry();
    }

    @Bean
    PipelineRegistry pipelines() {
      return PipelineRegistry.standard();
    }
  }

  @Autowired MockMvc mvc;

  @Test
  void pipelinesListTheirToolsInOrderWithVersions() throws Exception {
    mvc.perform(get("/api/pipelines"))
        .andExpect(status().isOk())
        // pipelines come in id order: duplicates, images-basic
        .andExpect(jsonPath("$[0].id").value("duplicates"))
        .andExpect(jsonPath("$[0].tools[0].id").value("thumbnail"))
        .andExpect(jsonPath("$[0].tools[1].id").value("phash"))
        .andExpect(jsonPath("$[1].id").value("images-basic"))
        .andExpect(jsonPath("$[1].version").value("1"))
        .andExpect(jsonPath("$[1].tools[0].id").value("image-metadata"))
        .andExpect(
            jsonPath("$[1].tools[0].version")
                .value(dev.darkroom.batch.tools.metadata.ImageMetadataTool.VERSION))
        .andExpect(jsonPath("$[1].tools[1].id").value("thumbnail"));
  }

  @Test
  void toolsShowVersionMediaTypesAndDefaults() throws Exception {
    mvc.perform(get("/api/tools"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$[*].id", hasItem("thumbnail")))
        .andExpect(jsonPath("$[?(@.id == 'thumbnail')].version").value("2"))
        .andExpect(jsonPath("$[?(@.id == 'thumbnail')].defaults.maxSize").value(512))
        .andExpect(
            jsonPath("$[?(@.id == 'thumbnail')].acceptedMediaTypes[*]", hasItem("image/heic")))
        .andExpect(
            jsonPath("$[?(@.id == 'image-metadata')].acceptedMediaTypes[0]", hasItem("image/*")));
  }
}
