package dev.darkroom.web.coverage;

import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.darkroom.core.collection.CollectionMembership;
import dev.darkroom.core.coverage.CoverageRepository;
import dev.darkroom.core.coverage.CoverageStep;
import dev.darkroom.core.coverage.StepOutcome;
import dev.darkroom.web.api.ApiProblemHandler;
import dev.darkroom.web.testing.CatalogRows;
import dev.darkroom.web.testing.CatalogSliceDatabase;
import java.util.List;
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

/** {@code GET /api/coverage} and the {@code /coverage} page over a real PostgreSQL catalog. */
@WebMvcTest
@WithMockUser(roles = "VIEWER")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CoverageApiTest {

  static final String H = "c".repeat(64);

  @SpringBootConfiguration
  @Import({
    CoverageApiController.class,
    CoveragePageController.class,
    ApiProblemHandler.class,
    CatalogSliceDatabase.class
  })
  static class Slice {
    @Bean
    CoverageRepository coverageRepository(JdbcClient jdbc) {
      return new CoverageRepository(jdbc);
    }
  }

  @Autowired MockMvc mvc;
  @Autowired CatalogRows rows;
  @Autowired CoverageRepository coverage;
  @Autowired CollectionMembership membership;

  long collection;
  long counted;
  long picks;
  long run;

  @BeforeAll
  void catalog() {
    long root = rows.root("photos");
    long a = rows.asset("image/jpeg").at(root, "a.jpg");
    long b = rows.asset("image/jpeg").at(root, "b.jpg");
    long c = rows.asset("image/png").at(root, "c.png");
    rows.asset("text/plain").at(root, "notes.txt");
    run = rows.run("COMPLETED");
    rows.jdbc()
        .sql(
            "UPDATE run SET policy = 'PRODUCTION', sample_count = NULL, sample_fraction = NULL, artifact_ttl_secs = NULL WHERE id = ?")
        .param(run)
        .update();
    coverage.pin(List.of(new CoverageStep("thumbnail", "thumbnail", "2", H, List.of("image/*"))));
    coverage.record(
        run,
        List.of(
            StepOutcome.produced(a, "thumbnail", "2", H),
            StepOutcome.produced(b, "thumbnail", "1", H),
            StepOutcome.failed(c, "thumbnail", "2", H, "not a decodable image")));
    collection =
        rows.jdbc()
            .sql(
                "INSERT INTO collection (name, kind, query) VALUES ('jpegs', 'DYNAMIC', 'type:image/jpeg') RETURNING id")
            .query(Long.class)
            .single();
    counted =
        rows.jdbc()
            .sql(
                "INSERT INTO collection (name, kind, query) VALUES ('named c', 'DYNAMIC', 'c')"
                    + " RETURNING id")
            .query(Long.class)
            .single();
    picks =
        rows.jdbc()
            .sql("INSERT INTO collection (name, kind) VALUES ('picks', 'STATIC') RETURNING id")
            .query(Long.class)
            .single();
    rows.jdbc()
        .sql("INSERT INTO collection_member (collection_id, asset_id) VALUES (?, ?), (?, ?)")
        .params(picks, a, picks, c)
        .update();
  }

  @Test
  void everyLiveAssetIsCountedPerStepWithTheQueriesAndTheFailedRuns() throws Exception {
    mvc.perform(get("/api/coverage"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.collectionId").doesNotExist())
        .andExpect(jsonPath("$.basis").value("COUNTERS"))
        .andExpect(jsonPath("$.readAt").isNotEmpty())
        .andExpect(jsonPath("$.steps[0].kind").value("thumbnail"))
        .andExpect(jsonPath("$.steps[0].toolVersion").value("2"))
        .andExpect(jsonPath("$.steps[0].current").value(1))
        .andExpect(jsonPath("$.steps[0].stale").value(1))
        .andExpect(jsonPath("$.steps[0].missing").value(0))
        .andExpect(jsonPath("$.steps[0].failed").value(1))
        .andExpect(jsonPath("$.steps[0].notApplicable").value(1))
        .andExpect(jsonPath("$.steps[0].total").value(4))
        .andExpect(jsonPath("$.steps[0].queries.stale").value("stale:thumbnail"))
        .andExpect(jsonPath("$.steps[0].failedRuns[0].reason").value("not a decodable image"));
  }

  @Test
  void aDynamicCollectionOfAMediaTypeIsReadFromCountersOverWhatItsQueryMatches() throws Exception {
    mvc.perform(get("/api/coverage").param("collection", Long.toString(collection)))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.collectionName").value("jpegs"))
        .andExpect(jsonPath("$.basis").value("COUNTERS"))
        .andExpect(jsonPath("$.steps[0].current").value(1))
        .andExpect(jsonPath("$.steps[0].stale").value(1))
        .andExpect(jsonPath("$.steps[0].failed").value(0))
        .andExpect(jsonPath("$.steps[0].total").value(2))
        .andExpect(
            jsonPath("$.steps[0].queries.missing").value("(type:image/jpeg) missing:thumbnail"));
  }

  @Test
  void anyOtherDynamicCollectionIsCountedNowAndSaysSo() throws Exception {
    // "c" is a word of the file name c.png: not a media type, so counted from the matches
    mvc.perform(get("/api/coverage").param("collection", Long.toString(counted)))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.basis").value("COUNTED"))
        .andExpect(jsonPath("$.steps[0].failed").value(1))
        .andExpect(jsonPath("$.steps[0].total").value(1))
        .andExpect(jsonPath("$.steps[0].failedRuns[0].runId").value(run))
        .andExpect(jsonPath("$.steps[0].failedRuns[0].reason").value("not a decodable image"));
  }

  @Test
  void aDynamicCollectionKeepingItsMembersSaysWhileFillingThenReadsCountersOverThem()
      throws Exception {
    // given: the same query as "named c", kept (V93), not filled yet
    long kept =
        rows.jdbc()
            .sql(
                "INSERT INTO collection (name, kind, query, membership, fill_after)"
                    + " VALUES ('kept c', 'DYNAMIC', 'c', 'FILLING', 0) RETURNING id")
            .query(Long.class)
            .single();
    // then: counted now, and it says its members are being filled
    mvc.perform(get("/api/coverage").param("collection", Long.toString(kept)))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.basis").value("COUNTED"))
        .andExpect(jsonPath("$.membership.filling").value(true))
        .andExpect(jsonPath("$.steps[0].failed").value(1));
    mvc.perform(get("/coverage"))
        .andExpect(content().string(containsString("its kept members are being filled")));

    // when: filled
    membership.catchUp(100, 100);
    // then: read from counters over its members, nothing pending, the same counts
    mvc.perform(get("/api/coverage").param("collection", Long.toString(kept)))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.basis").value("KEPT"))
        .andExpect(jsonPath("$.membership.filling").value(false))
        .andExpect(jsonPath("$.membership.pendingChanges").value(0))
        .andExpect(jsonPath("$.membership.currentAsOf").isNotEmpty())
        .andExpect(jsonPath("$.steps[0].failed").value(1))
        .andExpect(jsonPath("$.steps[0].total").value(1))
        .andExpect(jsonPath("$.steps[0].failedRuns[0].runId").value(run))
        .andExpect(jsonPath("$.steps[0].queries.failed").value("(c) failed:thumbnail"));
    mvc.perform(get("/coverage"))
        .andExpect(content().string(containsString("from counters over its kept members")));
    rows.jdbc().sql("DELETE FROM collection WHERE id = ?").param(kept).update();
  }

  @Test
  void aStaticCollectionsFailedCellNamesItsRunsFromCounters() throws Exception {
    mvc.perform(get("/api/coverage").param("collection", Long.toString(picks)))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.collectionName").value("picks"))
        .andExpect(jsonPath("$.basis").value("COUNTERS"))
        .andExpect(jsonPath("$.steps[0].current").value(1))
        .andExpect(jsonPath("$.steps[0].failed").value(1))
        .andExpect(jsonPath("$.steps[0].failedRuns[0].runId").value(run))
        .andExpect(jsonPath("$.steps[0].failedRuns[0].assets").value(1))
        .andExpect(jsonPath("$.steps[0].failedRuns[0].reason").value("not a decodable image"))
        .andExpect(
            jsonPath("$.steps[0].queries.failed").value("collection:picks failed:thumbnail"));
  }

  @Test
  void anUnknownCollectionIsAProblemDetail() throws Exception {
    mvc.perform(get("/api/coverage").param("collection", "987654"))
        .andExpect(status().isNotFound())
        .andExpect(content().contentTypeCompatibleWith("application/problem+json"))
        .andExpect(jsonPath("$.detail").value(containsString("987654")));
    mvc.perform(get("/api/coverage").param("collection", "x"))
        .andExpect(status().isBadRequest())
        .andExpect(content().contentTypeCompatibleWith("application/problem+json"));
  }

  @Test
  void thePageDrawsABarPerScopeAndStepLinkingToTheAssets() throws Exception {
    mvc.perform(get("/coverage"))
        .andExpect(status().isOk())
        .andExpect(content().string(containsString("id=\"coverage\"")))
        .andExpect(
            content()
                .string(
                    anyOf(
                        containsString("q=stale:thumbnail"),
                        containsString("q=stale%3Athumbnail"))))
        .andExpect(content().string(containsString("jpegs")))
        .andExpect(content().string(containsString("data-basis=\"COUNTERS\"")))
        .andExpect(content().string(containsString("counted now from its query")));
  }
}
