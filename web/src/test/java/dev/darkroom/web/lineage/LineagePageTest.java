package dev.darkroom.web.lineage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.darkroom.web.catalog.ViewFormats;
import dev.darkroom.web.testing.CatalogRows;
import dev.darkroom.web.testing.CatalogSliceDatabase;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;

/** The lineage page: "why is this tagged like that?", over a real catalog. */
@WebMvcTest
@WithMockUser(roles = "VIEWER")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LineagePageTest {

  @SpringBootConfiguration
  @Import({LineagePageController.class, ViewFormats.class, CatalogSliceDatabase.class})
  static class Slice {}

  @Autowired MockMvc mvc;
  @Autowired CatalogRows rows;

  long assetId;
  long runId;
  long metadataId;
  long thumbnailId;

  @BeforeAll
  void catalog() {
    assetId = rows.asset("image/jpeg").at(rows.root("photos"), "<img src=x onerror=alert(1)>.jpg");
    runId = rows.run("RUNNING");
    metadataId =
        rows.inline(runId, assetId, "image-metadata", "{\"cameraModel\":\"<script>x</script>\"}");
    thumbnailId =
        rows.stored(
            runId,
            assetId,
            "thumbnail",
            "image/jpeg",
            new byte[] {1},
            "{\"maxSize\":256,\"note\":\"<b>bold</b>\"}");
    rows.input(thumbnailId, metadataId);
  }

  String html(long artifactId) throws Exception {
    return mvc.perform(get("/artifacts/{id}/lineage", artifactId))
        .andExpect(status().isOk())
        .andReturn()
        .getResponse()
        .getContentAsString(StandardCharsets.UTF_8);
  }

  @Test
  void theLineageNamesRunPipelineToolParametersInputsAndWhen() throws Exception {
    String page = html(thumbnailId);

    assertThat(page)
        .contains("Why does artifact <span>" + thumbnailId + "</span> exist?")
        .contains("<a id=\"run-link\" href=\"/runs/" + runId + "\">#" + runId + "</a>")
        .contains("<strong id=\"tool\">thumbnail 1</strong>")
        .contains("<strong id=\"pipeline\">images-basic 1</strong>")
        .contains("&quot;maxSize&quot; : 256")
        .contains("href=\"/artifacts/" + metadataId + "/lineage\">image-metadata #" + metadataId)
        .contains("id=\"artifact-image\"")
        .contains("src=\"/artifacts/" + thumbnailId + "/content\"")
        .contains("href=\"/assets/" + assetId + "\"")
        .contains("RUNNING")
        .matches("(?s).*\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2} UTC.*");
  }

  @Test
  void anInlineArtifactShowsItsValueAsEscapedText() throws Exception {
    String page = html(metadataId);

    assertThat(page)
        .contains("id=\"artifact-value\"")
        .contains("&lt;script&gt;x&lt;/script&gt;")
        .doesNotContain("<script>x")
        .contains("none: made from the original file")
        .doesNotContain("id=\"artifact-image\"");
  }

  @Test
  void parametersFromTheRunAreEscaped() throws Exception {
    assertThat(html(thumbnailId)).contains("&lt;b&gt;bold&lt;/b&gt;").doesNotContain("<b>bold");
  }

  @Test
  void anUnknownArtifactIsANotFoundPage() throws Exception {
    String page =
        mvc.perform(get("/artifacts/{id}/lineage", 999_999))
            .andExpect(status().isNotFound())
            .andReturn()
            .getResponse()
            .getContentAsString(StandardCharsets.UTF_8);

    assertThat(page).contains("No artifact with id 999999");
  }
}
