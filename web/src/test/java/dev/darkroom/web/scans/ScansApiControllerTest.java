package dev.darkroom.web.scans;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.darkroom.batch.scan.NoArchiveRootsException;
import dev.darkroom.core.catalog.ProblemKind;
import dev.darkroom.core.catalog.ScanAlreadyRunningException;
import dev.darkroom.core.catalog.ScanReport;
import dev.darkroom.core.catalog.ScanRepository;
import dev.darkroom.core.catalog.ScanStatus;
import dev.darkroom.web.api.ApiProblemHandler;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** The scans API's contract. */
@WebMvcTest
@WithMockUser(roles = {"VIEWER", "OPERATOR"})
class ScansApiControllerTest {

  @SpringBootConfiguration
  @Import({ScansApiController.class, ApiProblemHandler.class})
  static class Slice {}

  static final String PROBLEM = "https://darkroom.dev/problems/";

  @Autowired MockMvc mvc;
  @MockitoBean ScanLauncher launcher;
  @MockitoBean ScanRepository scans;

  @Test
  void startingAScanAnswers202WithItsIdAndLocation() throws Exception {
    when(launcher.start(true, false)).thenReturn(5L);

    mvc.perform(
            post("/api/scans")
                .with(csrf())
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"full\":true}"))
        .andExpect(status().isAccepted())
        .andExpect(header().string("Location", "http://localhost/api/scans/5"))
        .andExpect(jsonPath("$.id").value(5));
  }

  @Test
  void aBodyIsOptionalAndMeansAnIncrementalScan() throws Exception {
    when(launcher.start(false, false)).thenReturn(6L);

    mvc.perform(post("/api/scans").with(csrf()))
        .andExpect(status().isAccepted())
        .andExpect(jsonPath("$.id").value(6));
  }

  @Test
  void allowMassGoneInTheBodyReachesTheScan() throws Exception {
    when(launcher.start(false, true)).thenReturn(7L);

    mvc.perform(
            post("/api/scans")
                .with(csrf())
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"allowMassGone\":true}"))
        .andExpect(status().isAccepted())
        .andExpect(jsonPath("$.id").value(7));
  }

  @Test
  void aRunningScanIsA409AndNoRootsA400() throws Exception {
    when(launcher.start(false, false)).thenThrow(new ScanAlreadyRunningException());
    when(launcher.start(true, false)).thenThrow(new NoArchiveRootsException());

    mvc.perform(post("/api/scans").with(csrf()))
        .andExpect(status().isConflict())
        .andExpect(jsonPath("$.type").value(PROBLEM + "scan-already-running"));
    mvc.perform(
            post("/api/scans")
                .with(csrf())
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"full\":true}"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value(PROBLEM + "no-archive-roots"));
    mvc.perform(
            post("/api/scans")
                .with(csrf())
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"full\":\"yes please\"}"))
        .andExpect(status().isBadRequest())
        .andExpect(
            jsonPath("$.detail")
                .value("'full' has the wrong type: expected true or false, not 'yes please'"));
  }

  @Test
  void aScansReportHasItsTotalsAndProblemsAndAnUnknownScanIsA404() throws Exception {
    when(scans.find(eq(5L), anyInt())).thenReturn(Optional.of(report(5)));
    when(scans.find(eq(6L), anyInt())).thenReturn(Optional.empty());

    mvc.perform(get("/api/scans/5"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.status").value("COMPLETED"))
        .andExpect(jsonPath("$.filesSeen").value(33))
        .andExpect(jsonPath("$.problemList[0].kind").value("EMPTY_FILE"));
    mvc.perform(get("/api/scans/6"))
        .andExpect(status().isNotFound())
        .andExpect(jsonPath("$.type").value(PROBLEM + "unknown-scan"));
    mvc.perform(get("/api/scans/six"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value("'id' must be a whole number, not 'six'"));
  }

  @Test
  void scansAreListedNewestFirstInPages() throws Exception {
    when(scans.page(any(), anyInt())).thenReturn(List.of(report(9), report(8), report(7)));

    mvc.perform(get("/api/scans?limit=2"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.items[0].id").value(9))
        .andExpect(jsonPath("$.items.length()").value(2))
        .andExpect(jsonPath("$.next").value("8"));
    mvc.perform(get("/api/scans?limit=501")).andExpect(status().isBadRequest());
  }

  static ScanReport report(long id) {
    return new ScanReport(
        id,
        ScanStatus.COMPLETED,
        false,
        List.of("photos"),
        33,
        32,
        1000,
        31,
        32,
        0,
        0,
        0,
        0,
        1,
        Instant.parse("2026-11-23T14:00:00Z"),
        Instant.parse("2026-11-23T14:00:05Z"),
        null,
        List.of(
            new ScanReport.ScanProblem("photos", "empty.jpg", ProblemKind.EMPTY_FILE, "empty")));
  }
}
