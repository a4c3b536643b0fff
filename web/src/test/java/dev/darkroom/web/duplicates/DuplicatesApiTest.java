package dev.darkroom.web.duplicates;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.darkroom.core.duplicates.DuplicateRepository;
import dev.darkroom.core.run.RunRepository;
import dev.darkroom.web.api.ApiProblemHandler;
import dev.darkroom.web.testing.CatalogRows;
import dev.darkroom.web.testing.CatalogSliceDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;

/**
 * {@code GET /api/duplicates}, {@code /api/duplicates/exact} and the {@code /duplicates} page over
 * a real PostgreSQL catalog holding one cluster written as the near-duplicates step writes it.
 */
@WebMvcTest
@WithMockUser(roles = "VIEWER")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DuplicatesApiTest {

  @SpringBootConfiguration
  @Import({
    DuplicatesApiController.class,
    DuplicatesPageController.class,
    DuplicateListing.class,
    ApiProblemHandler.class,
    CatalogSliceDatabase.class
  })
  static class Slice {
    @Bean
    DuplicateRepository duplicateRepository(JdbcClient jdbc) {
      return new DuplicateRepository(jdbc);
    }

    @Bean
    RunRepository runRepository(JdbcClient jdbc) {
      return new RunRepository(jdbc);
    }
  }

  @Autowired MockMvc mvc;
  @Autowired CatalogRows rows;
  @Autowired DuplicateRepository duplicates;

  long run;
  String root;
  long a;
  long b;

  @BeforeAll
  void catalog() {
    // a at two paths (an exact copy), b 2 bits from a, c far from both
    long rootId = rows.root("photos");
    root = rows.rootName(rootId);
    a = rows.asset("image/jpeg").size(2000).at(rootId, "a.jpg");
    rows.location(a, rootId, "copy/a.jpg", false);
    b = rows.asset("image/png").size(900).at(rootId, "b.png");
    long c = rows.asset("image/jpeg").at(rootId, "c.jpg");
    run = rows.run("COMPLETED");
    long pa = rows.inline(run, a, "phash", "{\"phash\":\"0f0f0f0f0f0f0f0f\"}");
    long pb = rows.inline(run, b, "phash", "{\"phash\":\"0f0f0f0f0f0f0f0c\"}");
    rows.inline(run, c, "phash", "{\"phash\":\"f0f0f0f0f0f0f0f0\"}");
    // what the near-duplicates step commits: ingest, one merged bucket, one cluster
    long index = duplicates.indexId(DuplicateRepository.sandboxScope(run), 8, "1");
    duplicates.startStep(run, "near-duplicates", index);
    duplicates.ingest(index, run, "near-duplicates", "phash", "1", true);
    duplicates.commitBucket(
        index, run, "near-duplicates", new long[] {b}, new long[] {a}, new long[] {a, b, c});
    duplicates.writeCluster(
        index,
        run,
        a,
        "{\"clusterId\":" + a + "}",
        "near-duplicates",
        "1",
        "{\"threshold\":8}",
        "0".repeat(64),
        new long[] {pa, pb});
  }

  @Test
  void listsARunsClustersWithTheirMembersAndWhatTellsThemApart() throws Exception {
    mvc.perform(get("/api/duplicates").param("run", Long.toString(run)))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.items", hasSize(1)))
        .andExpect(jsonPath("$.items[0].clusterId").value(a))
        .andExpect(jsonPath("$.items[0].threshold").value(8))
        .andExpect(jsonPath("$.items[0].members", hasSize(2)))
        .andExpect(jsonPath("$.items[0].members[0].assetId").value(a))
        .andExpect(jsonPath("$.items[0].members[0].paths", hasSize(2)))
        .andExpect(jsonPath("$.items[0].members[1].distance").value(2))
        .andExpect(jsonPath("$.items[0].members[1].mediaType").value("image/png"))
        .andExpect(jsonPath("$.items[0].members[1].sizeBytes").value(900))
        .andExpect(jsonPath("$.next").doesNotExist());
  }

  @Test
  void theCatalogListingIsEmptyBeforeAnyProductionRunAndAnUnknownRunIsA404() throws Exception {
    mvc.perform(get("/api/duplicates"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.items", hasSize(0)));
    mvc.perform(get("/api/duplicates").param("run", "987654"))
        .andExpect(status().isNotFound())
        .andExpect(jsonPath("$.type", containsString("unknown-run")));
  }

  @Test
  void listsExactCopiesFromTheCatalog() throws Exception {
    mvc.perform(get("/api/duplicates/exact"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.items", hasSize(1)))
        .andExpect(jsonPath("$.items[0].assetId").value(a))
        .andExpect(jsonPath("$.items[0].paths[0]").value(root + "/a.jpg"))
        .andExpect(jsonPath("$.items[0].paths[1]").value(root + "/copy/a.jpg"));
  }

  @Test
  void thePageShowsTheClusterSideBySideWithItsDifferences() throws Exception {
    mvc.perform(get("/duplicates").param("run", Long.toString(run)))
        .andExpect(status().isOk())
        .andExpect(content().string(containsString("data-cluster-id=\"" + a + "\"")))
        .andExpect(content().string(containsString("differ in: format, size")))
        .andExpect(content().string(containsString("2 exact copies")))
        .andExpect(content().string(containsString(root + "/copy/a.jpg")));
  }
}
