package dev.darkroom.web.assets;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.darkroom.web.api.ApiProblemHandler;
import dev.darkroom.web.lineage.ArtifactContent;
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

/** The assets API contract, over a real PostgreSQL catalog. */
@WebMvcTest
@WithMockUser(roles = "VIEWER")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AssetApiTest {

  @SpringBootConfiguration
  @Import({
    AssetApiController.class,
    AssetOverviews.class,
    ArtifactContent.class,
    ApiProblemHandler.class,
    CatalogSliceDatabase.class
  })
  static class Slice {}

  static final byte[] THUMBNAIL = "not really a jpeg".getBytes(StandardCharsets.UTF_8);

  @Autowired MockMvc mvc;
  @Autowired CatalogRows rows;

  long canon;
  long png;
  long moved;
  long thumbnailId;
  long metadataId;
  String rootName;

  @BeforeAll
  void catalog() {
    long root = rows.root("photos");
    rootName = rows.rootName(root);
    canon =
        rows.asset("image/jpeg")
            .size(2_000_000)
            .taken("2019-03-15T10:00:00Z")
            .camera("Canon", "Canon EOS 5D")
            .metadata("{\"source\":\"scan\"}")
            .at(root, "2019/03/IMG_0001.JPG");
    png = rows.asset("image/png").at(root, "2019/12/screenshot.png");
    moved = rows.asset("image/jpeg").insert();
    rows.location(moved, root, "old/moved.jpg", true);
    rows.location(moved, root, "2019/07/moved.jpg", false);
    for (int i = 0; i < 4; i++) {
      rows.asset("video/mp4").at(root, "videos/clip-" + i + ".mp4");
    }
    long run = rows.run("RUNNING");
    metadataId =
        rows.inline(
            run, canon, "image-metadata", "{\"cameraModel\":\"Canon EOS 5D\",\"width\":4000}");
    thumbnailId =
        rows.stored(run, canon, "thumbnail", "image/jpeg", THUMBNAIL, "{\"maxSize\":256}");
  }

  @Test
  void searchListsMatchingAssetsWithTheirLocationAndThumbnail() throws Exception {
    mvc.perform(get("/api/assets").param("q", "camera:canon"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.items", hasSize(1)))
        .andExpect(jsonPath("$.items[0].id").value(canon))
        .andExpect(jsonPath("$.items[0].mediaType").value("image/jpeg"))
        .andExpect(jsonPath("$.items[0].root").value(rootName))
        .andExpect(jsonPath("$.items[0].path").value("2019/03/IMG_0001.JPG"))
        .andExpect(jsonPath("$.items[0].fileName").value("IMG_0001.JPG"))
        .andExpect(jsonPath("$.items[0].capturedAt").value("2019-03-15T10:00:00Z"))
        .andExpect(jsonPath("$.items[0].url").value("/api/assets/" + canon))
        .andExpect(jsonPath("$.items[0].thumbnailUrl").value("/api/assets/" + canon + "/thumbnail"))
        .andExpect(jsonPath("$.next").value(nullValue()));
  }

  @Test
  void searchIsKeysetPagedWithANextCursor() throws Exception {
    String first =
        mvc.perform(get("/api/assets").param("q", "type:video").param("limit", "3"))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.items", hasSize(3)))
            .andExpect(jsonPath("$.next").isString())
            .andReturn()
            .getResponse()
            .getContentAsString();
    String next = first.replaceAll("(?s).*\"next\":\"([^\"]+)\".*", "$1");

    mvc.perform(
            get("/api/assets").param("q", "type:video").param("limit", "3").param("after", next))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.items", hasSize(1)))
        .andExpect(jsonPath("$.next").value(nullValue()));
  }

  @Test
  void aQueryThatDoesNotParseIsAProblemNamingTheColumn() throws Exception {
    mvc.perform(get("/api/assets").param("q", "type:image taken:20x9"))
        .andExpect(status().isBadRequest())
        .andExpect(content().contentTypeCompatibleWith("application/problem+json"))
        .andExpect(jsonPath("$.type").value("https://darkroom.dev/problems/invalid-query"))
        .andExpect(jsonPath("$.column").value(17))
        .andExpect(jsonPath("$.expected").value("a date like 2019-01 after \"taken:\""))
        .andExpect(jsonPath("$.found").value("\"20x9\""))
        .andExpect(
            jsonPath("$.detail")
                .value(
                    "at column 17: expected a date like 2019-01 after \"taken:\", found \"20x9\""
                        + " (see docs/query-language.md)"));
  }

  @Test
  void badPagingParametersAreProblemsSayingWhatIsAllowed() throws Exception {
    mvc.perform(get("/api/assets").param("limit", "0"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.parameter").value("limit"))
        .andExpect(jsonPath("$.detail").value("limit must be between 1 and 500, was 0"));
    mvc.perform(get("/api/assets").param("limit", "ten"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value("'limit' must be a whole number, not 'ten'"));
    mvc.perform(get("/api/assets").param("after", "abc"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.parameter").value("after"))
        .andExpect(jsonPath("$.detail", containsString("the 'next' cursor of a previous page")));
  }

  @Test
  void anAssetShowsMetadataExifEveryLocationAndEveryArtifact() throws Exception {
    mvc.perform(get("/api/assets/{id}", canon))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.id").value(canon))
        .andExpect(jsonPath("$.sizeBytes").value(2_000_000))
        .andExpect(jsonPath("$.width").value(4000))
        .andExpect(jsonPath("$.cameraModel").value("Canon EOS 5D"))
        .andExpect(jsonPath("$.metadata.source").value("scan"))
        .andExpect(jsonPath("$.exif.cameraModel").value("Canon EOS 5D"))
        .andExpect(jsonPath("$.thumbnailUrl").value("/api/assets/" + canon + "/thumbnail"))
        .andExpect(jsonPath("$.locations", hasSize(1)))
        .andExpect(jsonPath("$.locations[0].live").value(true))
        .andExpect(jsonPath("$.artifacts", hasSize(2)))
        .andExpect(jsonPath("$.artifacts[0].id").value(thumbnailId))
        .andExpect(jsonPath("$.artifacts[0].kind").value("thumbnail"))
        .andExpect(jsonPath("$.artifacts[0].mediaType").value("image/jpeg"))
        .andExpect(jsonPath("$.artifacts[0].sizeBytes").value(THUMBNAIL.length))
        .andExpect(jsonPath("$.artifacts[0].inline").value(false))
        .andExpect(
            jsonPath("$.artifacts[0].contentUrl")
                .value("/api/artifacts/" + thumbnailId + "/content"))
        .andExpect(
            jsonPath("$.artifacts[0].lineageUrl")
                .value("/api/artifacts/" + thumbnailId + "/lineage"))
        .andExpect(jsonPath("$.artifacts[1].id").value(metadataId))
        .andExpect(jsonPath("$.artifacts[1].inline").value(true))
        .andExpect(jsonPath("$.artifacts[1].value.width").value(4000));
  }

  @Test
  void thePathHistoryKeepsGoneLocations() throws Exception {
    mvc.perform(get("/api/assets/{id}", moved))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.locations", hasSize(2)))
        .andExpect(jsonPath("$.locations[0].path").value("old/moved.jpg"))
        .andExpect(jsonPath("$.locations[0].live").value(false))
        .andExpect(jsonPath("$.locations[0].goneReason").value("VANISHED"))
        .andExpect(jsonPath("$.locations[0].goneAt").isString())
        .andExpect(jsonPath("$.locations[1].path").value("2019/07/moved.jpg"))
        .andExpect(jsonPath("$.locations[1].goneAt").value(nullValue()))
        .andExpect(jsonPath("$.exif").value(nullValue()))
        .andExpect(jsonPath("$.thumbnailUrl").value(nullValue()));
  }

  @Test
  void unknownAndMalformedAssetIdsAreProblems() throws Exception {
    mvc.perform(get("/api/assets/{id}", 999_999))
        .andExpect(status().isNotFound())
        .andExpect(jsonPath("$.type").value("https://darkroom.dev/problems/unknown-asset"))
        .andExpect(jsonPath("$.detail", containsString("No asset with id 999999")));
    mvc.perform(get("/api/assets/not-a-number"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.parameter").value("id"))
        .andExpect(jsonPath("$.detail").value("'id' must be a whole number, not 'not-a-number'"));
  }

  @Test
  void theThumbnailIsTheNewestThumbnailArtifactsBytes() throws Exception {
    mvc.perform(get("/api/assets/{id}/thumbnail", canon))
        .andExpect(status().isOk())
        .andExpect(content().contentType("image/jpeg"))
        .andExpect(content().bytes(THUMBNAIL))
        .andExpect(header().exists("ETag"));
    mvc.perform(get("/assets/{id}/thumbnail", canon))
        .andExpect(status().isOk())
        .andExpect(content().bytes(THUMBNAIL));
  }

  @Test
  void anAssetWithoutThumbnailAndAnUnknownAssetAreDifferentProblems() throws Exception {
    mvc.perform(get("/api/assets/{id}/thumbnail", png))
        .andExpect(status().isNotFound())
        .andExpect(jsonPath("$.type").value("https://darkroom.dev/problems/no-thumbnail"))
        .andExpect(jsonPath("$.detail", containsString("has no thumbnail yet")));
    mvc.perform(get("/api/assets/{id}/thumbnail", 999_999))
        .andExpect(status().isNotFound())
        .andExpect(jsonPath("$.type").value("https://darkroom.dev/problems/unknown-asset"));
  }

  @Test
  void artifactsFromDifferentToolVersionsAndParametersAreShownSideBySideWithAJsonDiff()
      throws Exception {
    long root = rows.root("versions");
    long photo = rows.asset("image/jpeg").at(root, "IMG_0002.JPG");
    long sandbox = rows.run("COMPLETED");
    long production = rows.run("COMPLETED");
    long v2 =
        rows.inline(
            sandbox, photo, "image-metadata", "{\"width\":4000,\"captureTimeSource\":null}");
    rows.toolVersion(v2, "2");
    long v3 =
        rows.inline(
            production,
            photo,
            "image-metadata",
            "{\"width\":4000,\"captureTimeSource\":\"File:FileModifyDate\",\"warnings\":[\"mtime\"]}");
    rows.toolVersion(v3, "3");
    long small =
        rows.stored(sandbox, photo, "thumbnail", "image/jpeg", THUMBNAIL, "{\"maxSize\":256}");
    long large =
        rows.stored(production, photo, "thumbnail", "image/jpeg", THUMBNAIL, "{\"maxSize\":512}");

    mvc.perform(get("/api/assets/{id}/versions", photo))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$", hasSize(2)))
        .andExpect(jsonPath("$[0].kind").value("image-metadata"))
        .andExpect(jsonPath("$[0].variants[0].artifactId").value(v3))
        .andExpect(jsonPath("$[0].variants[0].toolVersion").value("3"))
        .andExpect(jsonPath("$[0].variants[1].artifactId").value(v2))
        .andExpect(jsonPath("$[0].diffs[0].from").value(v3))
        .andExpect(jsonPath("$[0].diffs[0].to").value(v2))
        .andExpect(jsonPath("$[0].diffs[0].changes", hasSize(2)))
        .andExpect(jsonPath("$[0].diffs[0].changes[0].path").value("/captureTimeSource"))
        .andExpect(jsonPath("$[0].diffs[0].changes[0].from").value("\"File:FileModifyDate\""))
        .andExpect(jsonPath("$[0].diffs[0].changes[0].to").value("null"))
        .andExpect(jsonPath("$[0].diffs[0].changes[1].path").value("/warnings/0"))
        .andExpect(jsonPath("$[0].diffs[0].changes[1].to").isEmpty())
        .andExpect(jsonPath("$[1].kind").value("thumbnail"))
        .andExpect(jsonPath("$[1].variants[0].artifactId").value(large))
        .andExpect(jsonPath("$[1].variants[0].parameters").value("{\"maxSize\": 512}"))
        .andExpect(jsonPath("$[1].variants[0].image").value(true))
        .andExpect(jsonPath("$[1].variants[1].artifactId").value(small))
        .andExpect(jsonPath("$[1].diffs", hasSize(0)));
    // One version of each kind: nothing to put side by side.
    mvc.perform(get("/api/assets/{id}/versions", canon))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$", hasSize(0)));
    mvc.perform(get("/api/assets/{id}/versions", 999_999)).andExpect(status().isNotFound());
  }
}
