package dev.darkroom.web.collections;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.darkroom.web.api.ApiProblemHandler;
import dev.darkroom.web.testing.CatalogRows;
import dev.darkroom.web.testing.CatalogSliceDatabase;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/** The collections API contract, over a real PostgreSQL catalog. */
@WebMvcTest
@WithMockUser(roles = "OPERATOR")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CollectionApiTest {

  @SpringBootConfiguration
  @Import({
    CollectionApiController.class,
    CollectionsWebConfiguration.class,
    CollectionCreation.class,
    ApiProblemHandler.class,
    CatalogSliceDatabase.class
  })
  static class Slice {}

  static final AtomicInteger NAMES = new AtomicInteger();

  @Autowired MockMvc mvc;
  @Autowired CatalogRows rows;

  long png1;
  long png2;
  long jpeg;

  @BeforeAll
  void catalog() {
    long root = rows.root("photos");
    png1 = rows.asset("image/png").at(root, "a.png");
    png2 = rows.asset("image/png").at(root, "b.png");
    jpeg = rows.asset("image/jpeg").at(root, "c.jpg");
  }

  String name() {
    return "collection " + NAMES.incrementAndGet();
  }

  ResultActions create(String json) throws Exception {
    return mvc.perform(
        post("/api/collections")
            .with(csrf())
            .contentType(MediaType.APPLICATION_JSON)
            .content(json));
  }

  @Test
  void aDynamicCollectionKeepsItsQuery() throws Exception {
    create("{\"name\":\"pngs\",\"kind\":\"DYNAMIC\",\"query\":\"type:image/png\"}")
        .andExpect(status().isCreated())
        .andExpect(
            header().string("Location", org.hamcrest.Matchers.startsWith("/api/collections/")))
        .andExpect(jsonPath("$.name").value("pngs"))
        .andExpect(jsonPath("$.kind").value("DYNAMIC"))
        .andExpect(jsonPath("$.query").value("type:image/png"))
        .andExpect(jsonPath("$.memberCount").value(2))
        .andExpect(jsonPath("$.assetsUrl").value("/api/assets?q=type:image/png"));
  }

  @Test
  void aStaticCollectionFromAQueryIsASnapshot() throws Exception {
    create("{\"name\":\"" + name() + "\",\"kind\":\"STATIC\",\"query\":\"type:image\"}")
        .andExpect(status().isCreated())
        .andExpect(jsonPath("$.kind").value("STATIC"))
        .andExpect(jsonPath("$.query").isEmpty())
        .andExpect(jsonPath("$.description").value("snapshot of the query: type:image"))
        .andExpect(jsonPath("$.memberCount").value(3));
  }

  @Test
  void aStaticCollectionFromIdsHoldsThem() throws Exception {
    String body =
        create("{\"name\":\"" + name() + "\",\"assetIds\":[" + png1 + "," + jpeg + "]}")
            .andExpect(status().isCreated())
            .andExpect(jsonPath("$.kind").value("STATIC"))
            .andExpect(jsonPath("$.memberCount").value(2))
            .andReturn()
            .getResponse()
            .getContentAsString();
    String id = body.replaceAll("(?s).*\"id\":(\\d+).*", "$1");

    mvc.perform(get("/api/collections/{id}", id))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.memberCount").value(2));
  }

  @Test
  void aCollectionListsItsMembersPaged() throws Exception {
    String body =
        create("{\"name\":\"" + name() + "\",\"assetIds\":[" + jpeg + "," + png1 + "]}")
            .andExpect(jsonPath("$.assetsUrl").value(org.hamcrest.Matchers.endsWith("/assets")))
            .andReturn()
            .getResponse()
            .getContentAsString();
    String id = body.replaceAll("(?s).*\"id\":(\\d+).*", "$1");

    mvc.perform(get("/api/collections/{id}/assets", id).param("limit", "1"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.items", hasSize(1)))
        .andExpect(jsonPath("$.items[0].id").value(Math.min(png1, jpeg)))
        .andExpect(jsonPath("$.next").value(Long.toString(Math.min(png1, jpeg))));
    mvc.perform(
            get("/api/collections/{id}/assets", id)
                .param("after", Long.toString(Math.min(png1, jpeg))))
        .andExpect(jsonPath("$.items", hasSize(1)))
        .andExpect(jsonPath("$.items[0].id").value(Math.max(png1, jpeg)))
        .andExpect(jsonPath("$.next").isEmpty());

    String dynamic =
        create("{\"name\":\"" + name() + "\",\"kind\":\"DYNAMIC\",\"query\":\"type:image/jpeg\"}")
            .andReturn()
            .getResponse()
            .getContentAsString();
    mvc.perform(
            get("/api/collections/{id}/assets", dynamic.replaceAll("(?s).*\"id\":(\\d+).*", "$1")))
        .andExpect(jsonPath("$.items", hasSize(1)))
        .andExpect(jsonPath("$.items[0].id").value(jpeg));
    mvc.perform(get("/api/collections/999999/assets")).andExpect(status().isNotFound());
  }

  @Test
  void invalidRequestsAreProblemsThatSayWhatToChange() throws Exception {
    create("{\"kind\":\"DYNAMIC\",\"query\":\"type:image\"}")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value("https://darkroom.dev/problems/invalid-collection"))
        .andExpect(jsonPath("$.detail").value("a collection needs a name"));
    create("{\"name\":\"x\"}")
        .andExpect(status().isBadRequest())
        .andExpect(
            jsonPath("$.detail")
                .value("give either a query (with kind DYNAMIC or STATIC) or a list of assetIds"));
    create("{\"name\":\"x\",\"query\":\"type:image\",\"assetIds\":[1]}")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail", containsString("not both")));
    create("{\"name\":\"x\",\"query\":\"type:image\"}")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail", containsString("kind DYNAMIC keeps the query")));
    create("{\"name\":\"x\",\"kind\":\"DYNAMIC\",\"assetIds\":[1]}")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail", containsString("is STATIC")));
    create("{\"name\":\"x\",\"assetIds\":[999999]}")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail", containsString("no asset with id 999999")));
    create("{\"name\":\"x\",\"kind\":\"DYNAMIC\",\"query\":\"taken:20x9\"}")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value("https://darkroom.dev/problems/invalid-query"))
        .andExpect(jsonPath("$.column").value(6));
  }

  @Test
  void aTakenNameIsRefused() throws Exception {
    String name = name();
    create("{\"name\":\"" + name + "\",\"kind\":\"DYNAMIC\",\"query\":\"\"}")
        .andExpect(status().isCreated());

    create("{\"name\":\"" + name + "\",\"kind\":\"DYNAMIC\",\"query\":\"\"}")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail", containsString("already exists")));
  }

  @Test
  void aBodyThatIsNotTheExpectedJsonIsAProblem() throws Exception {
    create("{\"name\":")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value("https://darkroom.dev/problems/unreadable-body"))
        .andExpect(jsonPath("$.detail", startsWith("the body is not valid JSON")));
    create("{\"name\":\"x\",\"kind\":\"SOMETIMES\",\"query\":\"\"}")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail", containsString("kind")))
        .andExpect(jsonPath("$.detail", containsString("SOMETIMES")));
    create("{\"name\":\"x\",\"assetIds\":[\"one\"]}").andExpect(status().isBadRequest());
    mvc.perform(
            post("/api/collections").with(csrf()).contentType(MediaType.TEXT_PLAIN).content("x"))
        .andExpect(status().isUnsupportedMediaType())
        .andExpect(jsonPath("$.detail", containsString("application/json")));
  }

  @Test
  void collectionsAreListedNewestFirstAndPaged() throws Exception {
    for (int i = 0; i < 3; i++) {
      create("{\"name\":\"" + name() + "\",\"assetIds\":[" + png1 + "]}")
          .andExpect(status().isCreated());
    }

    mvc.perform(get("/api/collections").param("limit", "2"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.items", hasSize(2)))
        .andExpect(jsonPath("$.next").isString());
  }

  @Test
  void deletingAnswersNoContentThenNotFound() throws Exception {
    String body =
        create("{\"name\":\"" + name() + "\",\"assetIds\":[" + png2 + "]}")
            .andReturn()
            .getResponse()
            .getContentAsString();
    String id = body.replaceAll("(?s).*\"id\":(\\d+).*", "$1");

    mvc.perform(delete("/api/collections/{id}", id).with(csrf())).andExpect(status().isNoContent());
    mvc.perform(delete("/api/collections/{id}", id).with(csrf()))
        .andExpect(status().isNotFound())
        .andExpect(jsonPath("$.type").value("https://darkroom.dev/problems/unknown-collection"));
    mvc.perform(get("/api/collections/{id}", id)).andExpect(status().isNotFound());
  }

  @Test
  void aCollectionARunNamesCannotBeDeleted() throws Exception {
    String body =
        create("{\"name\":\"" + name() + "\",\"assetIds\":[" + png2 + "]}")
            .andReturn()
            .getResponse()
            .getContentAsString();
    long id = Long.parseLong(body.replaceAll("(?s).*\"id\":(\\d+).*", "$1"));
    rows.jdbc()
        .sql(
            "INSERT INTO run (pipeline_id, pipeline_version, collection_id, policy, requested_by)"
                + " VALUES ('images-basic', '1', ?, 'PRODUCTION', 't')")
        .param(id)
        .update();

    mvc.perform(delete("/api/collections/{id}", id).with(csrf()))
        .andExpect(status().isConflict())
        .andExpect(jsonPath("$.type").value("https://darkroom.dev/problems/collection-in-use"));
  }

  @Test
  void theListShowsKeptCountsStaticExactDynamicWithTheTimeItWasCounted() throws Exception {
    String staticBody =
        create("{\"name\":\"" + name() + "\",\"assetIds\":[" + png1 + "]}")
            .andReturn()
            .getResponse()
            .getContentAsString();
    long staticId = Long.parseLong(staticBody.replaceAll("(?s).*\"id\":(\\d+).*", "$1"));
    String type = "model/x-kept-" + NAMES.incrementAndGet();
    long root = rows.root("kept");
    rows.asset(type).at(root, "one.x");
    String dynamicBody =
        create("{\"name\":\"" + name() + "\",\"kind\":\"DYNAMIC\",\"query\":\"type:" + type + "\"}")
            .andReturn()
            .getResponse()
            .getContentAsString();
    long dynamicId = Long.parseLong(dynamicBody.replaceAll("(?s).*\"id\":(\\d+).*", "$1"));
    // After creation: a member added to the static one, a match added for the dynamic one.
    rows.jdbc()
        .sql("INSERT INTO collection_member (collection_id, asset_id) VALUES (?, ?)")
        .params(staticId, png2)
        .update();
    rows.asset(type).at(root, "two.x");

    mvc.perform(get("/api/collections").param("limit", "500"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.items[?(@.id == " + staticId + ")].memberCount").value(2))
        .andExpect(
            jsonPath("$.items[?(@.id == " + staticId + ")].countedAt").value(contains(nullValue())))
        .andExpect(jsonPath("$.items[?(@.id == " + staticId + ")].countEstimated").value(false))
        // The dynamic one shows its count from creation, with when that was, until recounted.
        .andExpect(jsonPath("$.items[?(@.id == " + dynamicId + ")].memberCount").value(1))
        .andExpect(
            jsonPath("$.items[?(@.id == " + dynamicId + ")].countedAt")
                .value(contains(notNullValue())))
        .andExpect(jsonPath("$.items[?(@.id == " + dynamicId + ")].countEstimated").value(false));
    mvc.perform(get("/api/collections/{id}", dynamicId))
        .andExpect(jsonPath("$.memberCount").value(1))
        .andExpect(jsonPath("$.countedAt").isString())
        .andExpect(jsonPath("$.countEstimated").value(false));
  }

  @Test
  void aDynamicCollectionNotCountedYetAnswersAnEstimateSaidToBeOne() throws Exception {
    long id =
        rows.jdbc()
            .sql("INSERT INTO collection (name, kind, query) VALUES (?, 'DYNAMIC', ?) RETURNING id")
            .params(name(), "type:image/png")
            .query(Long.class)
            .single();

    mvc.perform(get("/api/collections/{id}", id))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.countEstimated").value(true))
        .andExpect(jsonPath("$.countedAt").isEmpty())
        .andExpect(jsonPath("$.memberCount").isNumber());
  }

  @Test
  void previewCountsWhatAQueryMatchesNow() throws Exception {
    mvc.perform(get("/api/collections/preview").param("q", "type:image/png"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.query").value("type:image/png"))
        .andExpect(jsonPath("$.count").value(2));
    mvc.perform(get("/api/collections/preview").param("q", "type:image ("))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.column").value(12));
    mvc.perform(get("/api/collections/preview"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value("https://darkroom.dev/problems/missing-parameter"))
        .andExpect(jsonPath("$.detail").value("the query parameter 'q' is required"));
  }
}
