package dev.darkroom.web.lineage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.darkroom.core.storage.ArtifactStore;
import dev.darkroom.web.api.ApiProblemHandler;
import dev.darkroom.web.testing.CatalogRows;
import dev.darkroom.web.testing.CatalogSliceDatabase;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/** Artifacts, their lineage and their content (ETags, ranges), over a real catalog and store. */
@WebMvcTest
@WithMockUser(roles = "VIEWER")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ArtifactApiTest {

  @SpringBootConfiguration
  @Import({
    ArtifactApiController.class,
    ArtifactContent.class,
    ApiProblemHandler.class,
    CatalogSliceDatabase.class
  })
  static class Slice {}

  static final byte[] BLOB = new byte[1000];

  static {
    for (int i = 0; i < BLOB.length; i++) {
      BLOB[i] = (byte) i;
    }
  }

  @Autowired MockMvc mvc;
  @Autowired CatalogRows rows;
  @Autowired ArtifactStore store;

  long runId;
  long assetId;
  long metadataId;
  long thumbnailId;
  long emptyId;
  String etag;

  @BeforeAll
  void catalog() throws Exception {
    long root = rows.root("photos");
    assetId = rows.asset("image/jpeg").at(root, "a.jpg");
    runId = rows.run("COMPLETED");
    metadataId = rows.inline(runId, assetId, "image-metadata", "{\"width\": 4000}");
    thumbnailId =
        rows.stored(
            runId, assetId, "thumbnail", "image/jpeg", BLOB, "{\"maxSize\":256,\"quality\":0.85}");
    rows.input(thumbnailId, metadataId);
    emptyId = rows.stored(runId, assetId, "empty", "application/octet-stream", new byte[0], "{}");
    etag =
        "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(BLOB)) + "\"";
  }

  @Test
  void anArtifactSaysWhatItIsAndLinksToItsContentAndLineage() throws Exception {
    mvc.perform(get("/api/artifacts/{id}", thumbnailId))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.id").value(thumbnailId))
        .andExpect(jsonPath("$.kind").value("thumbnail"))
        .andExpect(jsonPath("$.assetId").value(assetId))
        .andExpect(jsonPath("$.runId").value(runId))
        .andExpect(jsonPath("$.mediaType").value("image/jpeg"))
        .andExpect(jsonPath("$.sizeBytes").value(1000))
        .andExpect(jsonPath("$.sha256").value(etag.replace("\"", "")))
        .andExpect(jsonPath("$.inline").value(false))
        .andExpect(jsonPath("$.createdAt").isString())
        .andExpect(jsonPath("$.lineagePage").value("/artifacts/" + thumbnailId + "/lineage"));
  }

  @Test
  void lineageNamesRunPipelineToolParametersAndInputs() throws Exception {
    mvc.perform(get("/api/artifacts/{id}/lineage", thumbnailId))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.artifact.id").value(thumbnailId))
        .andExpect(jsonPath("$.run.id").value(runId))
        .andExpect(jsonPath("$.run.status").value("COMPLETED"))
        .andExpect(jsonPath("$.run.policy").value("SANDBOX"))
        .andExpect(jsonPath("$.run.page").value("/runs/" + runId))
        .andExpect(jsonPath("$.pipeline.id").value("images-basic"))
        .andExpect(jsonPath("$.pipeline.version").value("1"))
        .andExpect(jsonPath("$.tool.id").value("thumbnail"))
        .andExpect(jsonPath("$.tool.version").value("1"))
        .andExpect(jsonPath("$.parameters.maxSize").value(256))
        .andExpect(jsonPath("$.parameters.quality").value(0.85))
        .andExpect(
            jsonPath("$.paramsHash").value(org.hamcrest.Matchers.matchesPattern("[0-9a-f]{64}")))
        .andExpect(jsonPath("$.inputs", hasSize(1)))
        .andExpect(jsonPath("$.inputs[0].id").value(metadataId))
        .andExpect(jsonPath("$.inputs[0].kind").value("image-metadata"))
        .andExpect(jsonPath("$.createdAt").isString());
  }

  @Test
  void contentIsStreamedWithItsMediaTypeLengthAndETag() throws Exception {
    mvc.perform(get("/api/artifacts/{id}/content", thumbnailId))
        .andExpect(status().isOk())
        .andExpect(content().contentType("image/jpeg"))
        .andExpect(header().longValue("Content-Length", 1000))
        .andExpect(header().string("ETag", etag))
        .andExpect(header().string("Accept-Ranges", "bytes"))
        .andExpect(header().string("Content-Security-Policy", containsString("sandbox")))
        .andExpect(content().bytes(BLOB));
  }

  @Test
  void aMatchingIfNoneMatchIsNotModified() throws Exception {
    mvc.perform(get("/api/artifacts/{id}/content", thumbnailId).header("If-None-Match", etag))
        .andExpect(status().isNotModified())
        .andExpect(content().bytes(new byte[0]));
    mvc.perform(get("/api/artifacts/{id}/content", thumbnailId).header("If-None-Match", "\"x\""))
        .andExpect(status().isOk());
  }

  @Test
  void aByteRangeIsPartialContent() throws Exception {
    mvc.perform(get("/api/artifacts/{id}/content", thumbnailId).header("Range", "bytes=10-19"))
        .andExpect(status().isPartialContent())
        .andExpect(header().string("Content-Range", "bytes 10-19/1000"))
        .andExpect(header().longValue("Content-Length", 10))
        .andExpect(content().contentType("image/jpeg"))
        .andExpect(content().bytes(Arrays.copyOfRange(BLOB, 10, 20)));
  }

  @Test
  void openAndSuffixRangesAreCutAtTheEnd() throws Exception {
    mvc.perform(get("/api/artifacts/{id}/content", thumbnailId).header("Range", "bytes=990-"))
        .andExpect(status().isPartialContent())
        .andExpect(header().string("Content-Range", "bytes 990-999/1000"))
        .andExpect(content().bytes(Arrays.copyOfRange(BLOB, 990, 1000)));
    mvc.perform(get("/api/artifacts/{id}/content", thumbnailId).header("Range", "bytes=-5"))
        .andExpect(status().isPartialContent())
        .andExpect(header().string("Content-Range", "bytes 995-999/1000"))
        .andExpect(content().bytes(Arrays.copyOfRange(BLOB, 995, 1000)));
    mvc.perform(get("/api/artifacts/{id}/content", thumbnailId).header("Range", "bytes=998-5000"))
        .andExpect(status().isPartialContent())
        .andExpect(header().string("Content-Range", "bytes 998-999/1000"));
  }

  @Test
  void aRangeOutsideTheContentOrNotARangeIsUnsatisfiable() throws Exception {
    mvc.perform(get("/api/artifacts/{id}/content", thumbnailId).header("Range", "bytes=1000-"))
        .andExpect(status().isRequestedRangeNotSatisfiable())
        .andExpect(header().string("Content-Range", "bytes */1000"))
        .andExpect(jsonPath("$.status").value(416))
        .andExpect(jsonPath("$.detail", containsString("which has 1000 bytes")));
    mvc.perform(get("/api/artifacts/{id}/content", thumbnailId).header("Range", "bytes=20-10"))
        .andExpect(status().isRequestedRangeNotSatisfiable());
    mvc.perform(get("/api/artifacts/{id}/content", thumbnailId).header("Range", "lines=1-2"))
        .andExpect(status().isRequestedRangeNotSatisfiable())
        .andExpect(jsonPath("$.detail", containsString("is not a byte range")));
    mvc.perform(get("/api/artifacts/{id}/content", emptyId).header("Range", "bytes=0-0"))
        .andExpect(status().isRequestedRangeNotSatisfiable())
        .andExpect(header().string("Content-Range", "bytes */0"));
  }

  @Test
  void severalRangesOrAStaleIfRangeGetTheWholeContent() throws Exception {
    mvc.perform(get("/api/artifacts/{id}/content", thumbnailId).header("Range", "bytes=0-1,5-6"))
        .andExpect(status().isOk())
        .andExpect(content().bytes(BLOB));
    mvc.perform(
            get("/api/artifacts/{id}/content", thumbnailId)
                .header("Range", "bytes=0-1")
                .header("If-Range", "\"stale\""))
        .andExpect(status().isOk())
        .andExpect(content().bytes(BLOB));
    mvc.perform(
            get("/api/artifacts/{id}/content", thumbnailId)
                .header("Range", "bytes=0-1")
                .header("If-Range", etag))
        .andExpect(status().isPartialContent());
  }

  @Test
  void anInlineValueIsServedAsJson() throws Exception {
    MvcResult result =
        mvc.perform(get("/api/artifacts/{id}/content", metadataId))
            .andExpect(status().isOk())
            .andExpect(content().contentType("application/json"))
            .andExpect(jsonPath("$.width").value(4000))
            .andExpect(header().exists("ETag"))
            .andReturn();
    assertThat(result.getResponse().getContentAsString(StandardCharsets.UTF_8))
        .isEqualTo("{\"width\": 4000}");
    mvc.perform(get("/api/artifacts/{id}/content", metadataId).header("Range", "bytes=0-0"))
        .andExpect(status().isPartialContent())
        .andExpect(content().string("{"));
  }

  @Test
  void anEmptyBlobIsAnEmptyBody() throws Exception {
    mvc.perform(get("/api/artifacts/{id}/content", emptyId))
        .andExpect(status().isOk())
        .andExpect(header().longValue("Content-Length", 0))
        .andExpect(content().bytes(new byte[0]));
  }

  @Test
  void pagesGetTheSameContentUnderTheirOwnPath() throws Exception {
    mvc.perform(get("/artifacts/{id}/content", thumbnailId))
        .andExpect(status().isOk())
        .andExpect(content().bytes(BLOB));
  }

  @Test
  void unknownArtifactsAndLostBlobsAreNotFound() throws Exception {
    mvc.perform(get("/api/artifacts/{id}", 999_999))
        .andExpect(status().isNotFound())
        .andExpect(jsonPath("$.type").value("https://darkroom.dev/problems/unknown-artifact"));
    mvc.perform(get("/api/artifacts/{id}/lineage", 999_999)).andExpect(status().isNotFound());
    mvc.perform(get("/api/artifacts/{id}/content", 999_999)).andExpect(status().isNotFound());
    mvc.perform(get("/api/artifacts/x/lineage"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value("'id' must be a whole number, not 'x'"));

    byte[] lost = "a blob the store lost".getBytes(StandardCharsets.UTF_8);
    long lostId = rows.stored(runId, assetId, "lost", "text/plain", lost, "{}");
    store.delete(
        rows.jdbc()
            .sql("SELECT storage_key FROM artifact WHERE id = ?")
            .param(lostId)
            .query(String.class)
            .single());
    mvc.perform(get("/api/artifacts/{id}/content", lostId))
        .andExpect(status().isNotFound())
        .andExpect(jsonPath("$.type").value("https://darkroom.dev/problems/artifact-not-found"))
        .andExpect(header().doesNotExist("ETag"));
  }
}
