package dev.darkroom.web.assets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
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

/**
 * The asset browser's pages rendered by Thymeleaf over a real catalog: the grid, inline parse
 * errors, filters, paging, the asset page, and names that are HTML rendered as text.
 */
@WebMvcTest
@WithMockUser(roles = "VIEWER")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AssetPagesTest {

  @SpringBootConfiguration
  @Import({
    AssetPageController.class,
    AssetOverviews.class,
    ViewFormats.class,
    CatalogSliceDatabase.class
  })
  static class Slice {}

  static final String XSS = "<img src=x onerror=alert(1)>.jpg";

  @Autowired MockMvc mvc;
  @Autowired CatalogRows rows;

  long root;
  long withThumbnail;
  long withoutThumbnail;
  long hostile;
  long thumbnailId;
  long metadataId;

  @BeforeAll
  void catalog() {
    root = rows.root("photos");
    withThumbnail =
        rows.asset("image/jpeg")
            .camera("Canon", "Canon EOS 5D")
            .taken("2019-03-15T10:00:00Z")
            .at(root, "2019/03/IMG_0001.JPG");
    withoutThumbnail = rows.asset("image/png").at(root, "2019/12/screenshot.png");
    hostile =
        rows.asset("image/jpeg")
            .camera("<b>Evil</b>", "<script>alert('model')</script>")
            .metadata("{\"<i>key</i>\":\"<script>alert('metadata')</script>\"}")
            .at(root, "xss/" + XSS);
    long run = rows.run("RUNNING");
    thumbnailId =
        rows.stored(
            run,
            withThumbnail,
            "thumbnail",
            "image/jpeg",
            new byte[] {1, 2, 3},
            "{\"maxSize\":256}");
    metadataId =
        rows.inline(
            run,
            withThumbnail,
            "image-metadata",
            "{\"cameraModel\":\"Canon EOS 5D\",\"gps\":{\"latitude\":48.2}}");
    rows.inline(
        run, hostile, "image-metadata", "{\"cameraModel\":\"<script>alert('exif')</script>\"}");
    for (int i = 0; i < AssetPageController.PAGE_SIZE + 5; i++) {
      rows.asset("video/mp4").at(root, "videos/clip-" + i + ".mp4");
    }
  }

  String html(String url, Object... vars) throws Exception {
    return mvc.perform(get(url, vars))
        .andExpect(status().isOk())
        .andReturn()
        .getResponse()
        .getContentAsString(StandardCharsets.UTF_8);
  }

  @Test
  void theGridShowsThumbnailsPlaceholdersAndFileNames() throws Exception {
    String page = html("/assets?q={q}", "type:image");

    assertThat(page)
        .contains("3</span> matching assets")
        .contains("src=\"/assets/" + withThumbnail + "/thumbnail\"")
        .contains(">IMG_0001.JPG</figcaption>")
        .contains("data-asset-id=\"" + withoutThumbnail + "\"")
        .contains("no thumbnail")
        .doesNotContain("src=\"/assets/" + withoutThumbnail + "/thumbnail\"")
        .contains("href=\"/assets/" + withThumbnail + "\"");
  }

  /**
   * A blank query's count is the kept live-asset count (ADR 0031), not a capped count: it equals a
   * recount of the assets with a live location, also after one of them goes and comes back.
   */
  @Test
  void aBlankQueryShowsTheKeptLiveAssetCountEqualToARecount() throws Exception {
    String recount =
        "SELECT count(*) FROM asset a WHERE EXISTS (SELECT 1 FROM asset_location l"
            + " WHERE l.asset_id = a.id AND l.gone_at IS NULL)";
    long live = rows.jdbc().sql(recount).query(Long.class).single();
    assertThat(live).isGreaterThan(AssetPageController.PAGE_SIZE);
    assertThat(html("/assets")).contains(">" + live + "</span> matching assets");

    String setGone =
        "UPDATE asset_location SET gone_at = %s, gone_reason = %s WHERE asset_id = :id";
    rows.jdbc()
        .sql(setGone.formatted("now()", "'VANISHED'"))
        .param("id", withoutThumbnail)
        .update();
    try {
      assertThat(rows.jdbc().sql(recount).query(Long.class).single()).isEqualTo(live - 1);
      assertThat(html("/assets?q=")).contains(">" + (live - 1) + "</span> matching assets");
    } finally {
      rows.jdbc().sql(setGone.formatted("NULL", "NULL")).param("id", withoutThumbnail).update();
    }
    assertThat(html("/assets")).contains(">" + live + "</span> matching assets");
  }

  @Test
  void aParseErrorIsShownInlineWithACaretUnderTheColumn() throws Exception {
    String page = html("/assets?q={q}", "type:image taken:20x9");

    assertThat(page)
        .contains("id=\"query-error\"")
        .contains(
            "at column 17: expected a date like 2019-01 after &quot;taken:&quot;, found"
                + " &quot;20x9&quot;")
        .contains("type:image taken:20x9\n" + " ".repeat(17) + "^")
        .contains("value=\"type:image taken:20x9\"")
        .doesNotContain("data-asset-id");
  }

  @Test
  void filtersBecomeQueryTermsInTheBox() throws Exception {
    mvc.perform(
            get("/assets")
                .param("q", "beach")
                .param("type", "image")
                .param("from", "2019-01-01")
                .param("to", "2019-06-30")
                .param("camera", "Canon EOS")
                .param("lacks", "phash"))
        .andExpect(status().is3xxRedirection())
        .andExpect(
            redirectedUrl(
                "/assets?q=beach%20type:image%20taken:2019-01-01..2019-06-30%20camera:%22Canon%20EOS%22%20-has:phash"));
  }

  @Test
  void theGridIsPagedWithANextLink() throws Exception {
    String first = html("/assets?q={q}", "type:video");

    assertThat(first).contains("id=\"next-page\"").contains("65</span> matching assets");
    java.util.regex.Matcher link =
        java.util.regex.Pattern.compile("href=\"([^\"]*)\" id=\"next-page\"").matcher(first);
    assertThat(link.find()).isTrue();
    String next = link.group(1).replace("&amp;", "&");
    assertThat(next).startsWith("/assets?q=type:video&after=");
    String second =
        mvc.perform(get(java.net.URI.create(next)))
            .andExpect(status().isOk())
            .andReturn()
            .getResponse()
            .getContentAsString(StandardCharsets.UTF_8);
    assertThat(second).doesNotContain("id=\"next-page\"");
    assertThat(second.split("data-asset-id=").length - 1).isEqualTo(5);
  }

  @Test
  void anHtmlFileNameIsTextInTheGrid() throws Exception {
    String page = html("/assets?q={q}", "path:xss/");

    assertThat(page)
        .contains("&lt;img src=x onerror=alert(1)&gt;.jpg")
        .doesNotContain("<img src=x");
  }

  @Test
  void theAssetPageShowsMetadataExifLocationsAndArtifacts() throws Exception {
    String page = html("/assets/{id}", withThumbnail);

    assertThat(page)
        .contains("<h1 id=\"asset-name\">IMG_0001.JPG</h1>")
        .contains("id=\"thumbnail\"")
        .contains("src=\"/assets/" + withThumbnail + "/thumbnail\"")
        .contains("Canon EOS 5D")
        .contains("4000 × 3000")
        .contains("2019-03-15 10:00:00 UTC")
        .contains("<dt>gps.latitude</dt><dd>48.2</dd>")
        .contains("2019/03/IMG_0001.JPG")
        .contains("data-artifact-id=\"" + thumbnailId + "\"")
        .contains("src=\"/artifacts/" + thumbnailId + "/content\"")
        .contains("href=\"/artifacts/" + thumbnailId + "/lineage\"")
        .contains("href=\"/artifacts/" + metadataId + "/lineage\"")
        .contains("application/json (inline)");
  }

  @Test
  void anHtmlFileNameCameraAndMetadataAreTextOnTheAssetPage() throws Exception {
    String page = html("/assets/{id}", hostile);

    assertThat(page)
        .contains("&lt;img src=x onerror=alert(1)&gt;.jpg")
        .contains("&lt;script&gt;alert(&#39;model&#39;)&lt;/script&gt;")
        .contains("&lt;script&gt;alert(&#39;exif&#39;)&lt;/script&gt;")
        .contains("&lt;script&gt;alert(&#39;metadata&#39;)&lt;/script&gt;")
        .contains("&lt;i&gt;key&lt;/i&gt;")
        .contains("&lt;b&gt;Evil&lt;/b&gt;")
        .doesNotContain("<img src=x")
        .doesNotContain("<script>alert")
        .doesNotContain("<b>Evil")
        .contains("id=\"no-thumbnail\"");
  }

  @Test
  void anUnknownAssetIsANotFoundPage() throws Exception {
    String page =
        mvc.perform(get("/assets/{id}", 999_999))
            .andExpect(status().isNotFound())
            .andReturn()
            .getResponse()
            .getContentAsString(StandardCharsets.UTF_8);

    assertThat(page).contains("No asset with id 999999");
  }

  @Test
  void theAssetPageShowsVersionsSideBySideWithTheDifferences() throws Exception {
    // not an image/*, so that the grid tests' counts stay as they are
    long photo = rows.asset("application/x-raw-test").at(root, "2020/IMG_0003.RAW");
    long run = rows.run("COMPLETED");
    long v2 =
        rows.inline(
            rows.run("COMPLETED"), photo, "image-metadata", "{\"width\":4000,\"lens\":null}");
    rows.toolVersion(v2, "2");
    long v3 = rows.inline(run, photo, "image-metadata", "{\"width\":4000,\"lens\":\"EF 50mm\"}");
    rows.toolVersion(v3, "3");

    String page = html("/assets/{id}", photo);

    assertThat(page)
        .contains("Versions side by side")
        .contains("image-metadata v3")
        .contains("image-metadata v2")
        .contains("data-from=\"" + v3 + "\"")
        .contains("/lens")
        .contains("&quot;EF 50mm&quot;");
    assertThat(html("/assets/{id}", withoutThumbnail)).doesNotContain("Versions side by side");
  }
}
