package dev.darkroom.web.collections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.darkroom.core.collection.AssetCollection;
import dev.darkroom.core.collection.CollectionKind;
import dev.darkroom.core.collection.CollectionRepository;
import dev.darkroom.web.catalog.ViewFormats;
import dev.darkroom.web.testing.CatalogRows;
import dev.darkroom.web.testing.CatalogSliceDatabase;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;

/** The collections page: list, create form with its count preview, delete. */
@WebMvcTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CollectionPagesTest {

  @SpringBootConfiguration
  @Import({
    CollectionPageController.class,
    CollectionCreation.class,
    ViewFormats.class,
    CatalogSliceDatabase.class
  })
  static class Slice {}

  @Autowired MockMvc mvc;
  @Autowired CatalogRows rows;
  @Autowired CollectionRepository collections;

  List<Long> pngs;

  @BeforeAll
  void catalog() {
    long root = rows.root("photos");
    pngs =
        List.of(
            rows.asset("image/png").at(root, "a.png"), rows.asset("image/png").at(root, "b.png"));
    rows.asset("image/jpeg").at(root, "c.jpg");
  }

  String html(org.springframework.test.web.servlet.RequestBuilder request) throws Exception {
    return mvc.perform(request)
        .andReturn()
        .getResponse()
        .getContentAsString(StandardCharsets.UTF_8);
  }

  @Test
  @WithMockUser(roles = "OPERATOR")
  void creatingADynamicCollectionRedirectsToTheListThatShowsIt() throws Exception {
    mvc.perform(
            post("/collections")
                .with(csrf())
                .param("name", "pngs <b>bold</b>")
                .param("mode", "DYNAMIC")
                .param("query", "type:image/png"))
        .andExpect(status().is3xxRedirection())
        .andExpect(redirectedUrl("/collections"))
        .andExpect(
            flash().attribute("message", "Created collection 'pngs <b>bold</b>' (2 assets)"));

    String page = html(get("/collections"));
    assertThat(page)
        .contains("pngs &lt;b&gt;bold&lt;/b&gt;")
        .doesNotContain("<b>bold")
        .contains("href=\"/assets?q=type:image/png\"")
        .contains("id=\"create-collection\"");
  }

  @Test
  @WithMockUser(roles = "OPERATOR")
  void aSnapshotAndAnIdListAreStatic() throws Exception {
    mvc.perform(
            post("/collections")
                .with(csrf())
                .param("name", "snap")
                .param("mode", "SNAPSHOT")
                .param("query", "type:image"))
        .andExpect(status().is3xxRedirection());
    mvc.perform(
            post("/collections")
                .with(csrf())
                .param("name", "ids")
                .param("mode", "IDS")
                .param("ids", pngs.get(0) + ", " + pngs.get(1)))
        .andExpect(status().is3xxRedirection());

    List<AssetCollection> all = collections.list(Long.MAX_VALUE, 100);
    assertThat(all)
        .filteredOn(c -> c.name().equals("snap") || c.name().equals("ids"))
        .extracting(AssetCollection::kind, AssetCollection::memberCount)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(CollectionKind.STATIC, 3L),
            org.assertj.core.groups.Tuple.tuple(CollectionKind.STATIC, 2L));
  }

  @Test
  @WithMockUser(roles = "OPERATOR")
  void anInvalidFormIsShownAgainWithWhatToChange() throws Exception {
    String page =
        html(
            post("/collections")
                .with(csrf())
                .param("name", "bad")
                .param("mode", "DYNAMIC")
                .param("query", "taken:20x9"));

    assertThat(page)
        .contains("id=\"form-error\"")
        .contains("at column 6: expected a date like 2019-01")
        .contains("value=\"taken:20x9\"")
        .contains("value=\"bad\"");
    mvc.perform(
            post("/collections")
                .with(csrf())
                .param("name", "bad ids")
                .param("mode", "IDS")
                .param("ids", "3, x"))
        .andExpect(status().isBadRequest());
  }

  @Test
  @WithMockUser(roles = "VIEWER")
  void thePreviewCountsWhatTheQueryMatchesOrSaysWhereItGoesWrong() throws Exception {
    assertThat(html(get("/collections/preview").param("query", "type:image/png")))
        .contains("2 matching assets");
    assertThat(html(get("/collections/preview").param("query", ""))).contains("3 assets (all)");
    assertThat(html(get("/collections/preview").param("query", "type:<x>")))
        .contains("id=\"preview-error\"")
        .contains("at column 5")
        .contains("&quot;&lt;x&gt;&quot;")
        .doesNotContain("<x>");
  }

  @Test
  @WithMockUser(roles = "OPERATOR")
  void deletingRedirectsWithAMessage() throws Exception {
    AssetCollection c = collections.createStatic("to delete", null, List.of(pngs.get(0)));

    mvc.perform(post("/collections/{id}/delete", c.id()).with(csrf()))
        .andExpect(status().is3xxRedirection())
        .andExpect(flash().attribute("message", "Deleted collection " + c.id()));
    mvc.perform(post("/collections/{id}/delete", c.id()).with(csrf()))
        .andExpect(status().is3xxRedirection())
        .andExpect(flash().attribute("error", "No collection with id " + c.id()));
  }

  @Test
  @WithMockUser(roles = "VIEWER")
  void aViewerSeesNoCreateFormAndNoDeleteButtons() throws Exception {
    collections.createStatic("seen by viewers", null, List.of(pngs.get(0)));

    String page = html(get("/collections"));

    assertThat(page)
        .contains("seen by viewers")
        .doesNotContain("id=\"create-collection\"")
        .doesNotContain(">Delete</button>");
  }

  @Test
  @WithMockUser(roles = "VIEWER")
  void theAssetBrowsersQueryCanBeCarriedIntoTheForm() throws Exception {
    // An operator follows "Save as a collection…" from /assets; a viewer just sees the list.
    assertThat(html(get("/collections").param("query", "type:image"))).contains("Collections");
  }
}
