package dev.darkroom.web.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.darkroom.core.run.InvalidRunRequestException;
import dev.darkroom.core.run.RunPolicy;
import dev.darkroom.core.run.RunRequest;
import dev.darkroom.core.run.RunStatus;
import dev.darkroom.core.run.UnknownLauncherException;
import dev.darkroom.core.run.UnknownRunException;
import dev.darkroom.orchestrator.run.RunStartFailedException;
import dev.darkroom.orchestrator.temporal.TemporalUnavailableException;
import dev.darkroom.web.api.ApiProblemHandler;
import dev.darkroom.web.api.Page;
import java.time.Duration;
import java.util.List;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/** The runs API's contract: status codes, bodies, Location headers and problem details. */
@WebMvcTest
@WithMockUser(
    username = "alice",
    roles = {"VIEWER", "OPERATOR"})
class RunsApiControllerTest {

  @SpringBootConfiguration
  @Import({RunsApiController.class, ApiProblemHandler.class})
  static class Slice {}

  static final String PROBLEM = "https://darkroom.dev/problems/";

  @Autowired MockMvc mvc;
  @MockitoBean RunOperations operations;
  @MockitoBean RunViews views;
  @MockitoBean RunStreams streams;

  @Test
  void startingARunAnswers202WithItsIdUrlAndLocationAndPassesTheRequestOn() throws Exception {
    when(operations.start(any(), eq("alice"), any())).thenReturn(7L);

    startRun(
            """
            {"pipeline":"images-basic","scope":{"query":"type:image"},
             "policy":{"kind":"SANDBOX","sampleCount":50,"seed":9,"thumbnailSize":128,
                       "artifactTtl":"12h"},
             "parameters":{"thumbnail":{"quality":0.9}}}
            """)
        .andExpect(status().isAccepted())
        .andExpect(header().string("Location", "http://localhost/api/runs/7"))
        .andExpect(jsonPath("$.id").value(7))
        .andExpect(jsonPath("$.url").value("http://localhost/api/runs/7"));

    ArgumentCaptor<RunRequest> asked = ArgumentCaptor.forClass(RunRequest.class);
    verify(operations).start(asked.capture(), eq("alice"), isNull());
    RunRequest request = asked.getValue();
    assertThat(request.pipelineId()).isEqualTo("images-basic");
    assertThat(request.collectionQuery()).isEqualTo("type:image");
    assertThat(request.collectionId()).isNull();
    assertThat(request.requestedBy()).isEqualTo("alice");
    assertThat(request.policy())
        .isEqualTo(new RunPolicy(RunPolicy.Kind.SANDBOX, 50, null, 9, 128, Duration.ofHours(12)));
    assertThat(request.parameters().values()).containsKey("thumbnail");
  }

  @Test
  void aSandboxGetsItsDefaultsAndProductionTakesNoSample() throws Exception {
    when(operations.start(any(), any(), any())).thenReturn(1L);

    startRun(
            """
            {"pipeline":"images-basic","scope":{"all":true},"policy":{"kind":"sandbox","sampleFraction":0.25}}
            """)
        .andExpect(status().isAccepted());
    startRun(
            """
            {"pipeline":"images-basic","scope":{"collectionId":12},"policy":{"kind":"PRODUCTION"}}
            """)
        .andExpect(status().isAccepted());

    ArgumentCaptor<RunRequest> asked = ArgumentCaptor.forClass(RunRequest.class);
    verify(operations, org.mockito.Mockito.times(2)).start(asked.capture(), any(), any());
    assertThat(asked.getAllValues().get(0).policy()).isEqualTo(RunPolicy.sandboxFraction(0.25, 42));
    assertThat(asked.getAllValues().get(1).policy()).isEqualTo(RunPolicy.production());
    assertThat(asked.getAllValues().get(1).collectionId()).isEqualTo(12L);
    assertThat(asked.getAllValues()).extracting(RunRequest::force).containsOnly(false);
  }

  @Test
  void forceAsksAProductionRunToReprocessEverythingInScope() throws Exception {
    when(operations.start(any(), any(), any())).thenReturn(1L);

    startRun(
            """
            {"pipeline":"images-basic","scope":{"all":true},"policy":{"kind":"PRODUCTION"},"force":true}
            """)
        .andExpect(status().isAccepted());

    ArgumentCaptor<RunRequest> asked = ArgumentCaptor.forClass(RunRequest.class);
    verify(operations).start(asked.capture(), any(), any());
    assertThat(asked.getValue().force()).isTrue();
  }

  @Test
  void incompleteOrOutOfRangeRequestsAre400sThatNameTheFieldAndStartNothing() throws Exception {
    expectInvalid(
        "{\"scope\":{\"all\":true},\"policy\":{\"kind\":\"PRODUCTION\"}}", "pipeline is required");
    expectInvalid(
        "{\"pipeline\":\"images-basic\",\"policy\":{\"kind\":\"PRODUCTION\"}}",
        "scope is required");
    expectInvalid(
        "{\"pipeline\":\"images-basic\",\"scope\":{\"all\":true,\"collectionId\":3},"
            + "\"policy\":{\"kind\":\"PRODUCTION\"}}",
        "exactly one of collectionId, query or all=true");
    expectInvalid("{\"pipeline\":\"images-basic\",\"scope\":{\"all\":true}}", "policy is required");
    expectInvalid(
        "{\"pipeline\":\"images-basic\",\"scope\":{\"all\":true},\"policy\":{\"kind\":\"FAST\"}}",
        "policy.kind must be SANDBOX or PRODUCTION, not 'FAST'");
    expectInvalid(
        "{\"pipeline\":\"images-basic\",\"scope\":{\"all\":true},"
            + "\"policy\":{\"kind\":\"SANDBOX\",\"sampleCount\":-5}}",
        "policy.sampleCount must be positive, was -5");
    expectInvalid(
        "{\"pipeline\":\"images-basic\",\"scope\":{\"all\":true},"
            + "\"policy\":{\"kind\":\"SANDBOX\",\"sampleFraction\":1.5}}",
        "policy.sampleFraction must be in (0, 1], was 1.5");
    expectInvalid(
        "{\"pipeline\":\"images-basic\",\"scope\":{\"all\":true},\"policy\":{\"kind\":\"SANDBOX\"}}",
        "needs policy.sampleCount");
    expectInvalid(
        "{\"pipeline\":\"images-basic\",\"scope\":{\"all\":true},"
            + "\"policy\":{\"kind\":\"SANDBOX\",\"sampleCount\":5,\"artifactTtl\":\"soon\"}}",
        "policy.artifactTtl 'soon' is not a duration");
    expectInvalid(
        "{\"pipeline\":\"images-basic\",\"scope\":{\"all\":true},"
            + "\"policy\":{\"kind\":\"PRODUCTION\",\"sampleCount\":5}}",
        "a PRODUCTION run covers its whole scope");
    expectInvalid(
        "{\"pipeline\":\"images-basic\",\"scope\":{\"all\":true},\"policy\":{\"kind\":\"PRODUCTION\"},"
            + "\"parameters\":{\"thumbnail\":384}}",
        "parameters.thumbnail must be an object");

    verify(operations, never()).start(any(), any(), any());
  }

  @Test
  void theLauncherFieldChoosesWhereThePartitionsRunAndAnUnknownOneIsA400() throws Exception {
    when(operations.start(any(), eq("alice"), eq("process"))).thenReturn(8L);
    when(operations.start(any(), eq("alice"), eq("gpu-farm")))
        .thenThrow(new UnknownLauncherException("gpu-farm", List.of("in-process", "process")));
    String body =
        "{\"pipeline\":\"images-basic\",\"scope\":{\"all\":true},"
            + "\"policy\":{\"kind\":\"PRODUCTION\"},\"launcher\":\"%s\"}";

    startRun(body.formatted("process")).andExpect(status().isAccepted());
    startRun(body.formatted("gpu-farm"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value(PROBLEM + "unknown-launcher"))
        .andExpect(
            jsonPath("$.detail")
                .value(Matchers.startsWith("unknown launcher 'gpu-farm': this server offers")));

    verify(operations).start(any(), eq("alice"), eq("process"));
  }

  @Test
  void anUnknownPipelineIsA400WithWhatIsKnown() throws Exception {
    when(operations.start(any(), any(), any()))
        .thenThrow(new InvalidRunRequestException("no pipeline video-basic (known: images-basic)"));

    startRun(
            "{\"pipeline\":\"video-basic\",\"scope\":{\"all\":true},\"policy\":{\"kind\":\"PRODUCTION\"}}")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value(PROBLEM + "invalid-run-request"))
        .andExpect(jsonPath("$.detail").value("no pipeline video-basic (known: images-basic)"));
  }

  @Test
  void bodiesThatAreNotJsonOrHaveWrongTypesAre400sNamingTheField() throws Exception {
    startRun("{\"pipeline\":\"images-basic\",")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value(PROBLEM + "unreadable-body"))
        .andExpect(jsonPath("$.detail").value(Matchers.startsWith("the body is not valid JSON")));
    startRun(
            "{\"pipeline\":\"images-basic\",\"scope\":{\"all\":true},"
                + "\"policy\":{\"kind\":\"SANDBOX\",\"sampleCount\":\"many\"}}")
        .andExpect(status().isBadRequest())
        .andExpect(
            jsonPath("$.detail")
                .value("'policy.sampleCount' has the wrong type: expected a whole number"));
    mvc.perform(post("/api/runs").with(csrf()).contentType(MediaType.APPLICATION_JSON))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value(Matchers.containsString("JSON body is required")));
    mvc.perform(post("/api/runs").with(csrf()).contentType(MediaType.TEXT_PLAIN).content("run it"))
        .andExpect(status().isUnsupportedMediaType())
        .andExpect(jsonPath("$.type").value(PROBLEM + "unsupported-media-type"));
  }

  @Test
  void temporalBeingDownIsA503ThatSaysWhatToDo() throws Exception {
    when(operations.start(any(), any(), any()))
        .thenThrow(
            new RunStartFailedException(
                9, "could not start its workflow run-9: UNAVAILABLE", new RuntimeException()));

    startRun(
            "{\"pipeline\":\"images-basic\",\"scope\":{\"all\":true},\"policy\":{\"kind\":\"PRODUCTION\"}}")
        .andExpect(status().isServiceUnavailable())
        .andExpect(jsonPath("$.type").value(PROBLEM + "run-start-failed"))
        .andExpect(jsonPath("$.detail").value(Matchers.containsString("check that Temporal")));
  }

  @Test
  void aRunsStatusCarriesCountsPartitionsThroughputEtaAndLinks() throws Exception {
    when(views.status(7)).thenReturn(RunFixtures.status(7, RunStatus.RUNNING));

    mvc.perform(get("/api/runs/7"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.id").value(7))
        .andExpect(jsonPath("$.status").value("RUNNING"))
        .andExpect(jsonPath("$.counts.done").value(20))
        .andExpect(jsonPath("$.counts.pending").value(10))
        .andExpect(jsonPath("$.throughput.lastMinute").value(1.5))
        .andExpect(jsonPath("$.etaSeconds").value(7))
        .andExpect(jsonPath("$.policy.kind").value("SANDBOX"))
        .andExpect(jsonPath("$.policy.artifactTtl").value("PT168H"))
        .andExpect(jsonPath("$.links.failures").value("/api/runs/7/failures"))
        .andExpect(jsonPath("$.temporalUrl").value(Matchers.endsWith("/workflows/run-7")));
  }

  @Test
  void badOrUnknownRunIdsAre400And404() throws Exception {
    when(views.status(99)).thenThrow(new UnknownRunException(99));

    mvc.perform(get("/api/runs/abc"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value(PROBLEM + "invalid-parameter"))
        .andExpect(jsonPath("$.detail").value("'id' must be a whole number, not 'abc'"));
    mvc.perform(get("/api/runs/99"))
        .andExpect(status().isNotFound())
        .andExpect(jsonPath("$.type").value(PROBLEM + "unknown-run"))
        .andExpect(jsonPath("$.detail").value("No run with id 99"));
  }

  @Test
  void theListFiltersAndPagesAndRefusesBadFilters() throws Exception {
    when(views.list(eq(RunStatus.RUNNING), eq("images-basic"), eq(40L), eq(2)))
        .thenReturn(
            new Page<>(
                List.of(
                    RunFixtures.summary(39, RunStatus.RUNNING),
                    RunFixtures.summary(38, RunStatus.RUNNING)),
                "38"));

    mvc.perform(get("/api/runs?status=RUNNING&pipeline=images-basic&after=40&limit=2"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.items[0].id").value(39))
        .andExpect(jsonPath("$.items[1].counts.total").value(33))
        .andExpect(jsonPath("$.next").value("38"));
    mvc.perform(get("/api/runs?status=SLEEPING"))
        .andExpect(status().isBadRequest())
        .andExpect(
            jsonPath("$.detail")
                .value(Matchers.startsWith("'status' must be one of PENDING, PLANNING, RUNNING")));
    mvc.perform(get("/api/runs?limit=0"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value("limit must be between 1 and 500, was 0"));
    mvc.perform(get("/api/runs?after=yesterday"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value(Matchers.containsString("'next' cursor")));
  }

  @Test
  void steeringAnswers202WithTheStatusOr409WhenTheStateDoesNotAllowIt() throws Exception {
    when(views.status(7)).thenReturn(RunFixtures.status(7, RunStatus.RUNNING));
    doThrow(new RunStateConflictException("run 8 is already paused")).when(operations).pause(8);
    doThrow(new RunStateConflictException("run 9 has already ended (COMPLETED)"))
        .when(operations)
        .resume(9);
    doThrow(new UnknownRunException(10)).when(operations).cancel(10);

    mvc.perform(post("/api/runs/7/cancel").with(csrf()))
        .andExpect(status().isAccepted())
        .andExpect(jsonPath("$.id").value(7));
    mvc.perform(post("/api/runs/7/pause").with(csrf())).andExpect(status().isAccepted());
    mvc.perform(post("/api/runs/7/resume").with(csrf())).andExpect(status().isAccepted());
    mvc.perform(post("/api/runs/8/pause").with(csrf()))
        .andExpect(status().isConflict())
        .andExpect(jsonPath("$.type").value(PROBLEM + "illegal-run-transition"))
        .andExpect(jsonPath("$.detail").value("run 8 is already paused"));
    mvc.perform(post("/api/runs/9/resume").with(csrf()))
        .andExpect(status().isConflict())
        .andExpect(jsonPath("$.detail").value("run 9 has already ended (COMPLETED)"));
    mvc.perform(post("/api/runs/10/cancel").with(csrf())).andExpect(status().isNotFound());
    verify(operations).cancel(7);
    verify(operations).pause(7);
    verify(operations).resume(7);
  }

  @Test
  void rerunningFailedUnitsAnswers202WithTheNewRun() throws Exception {
    when(operations.rerunFailed(7, "alice")).thenReturn(12L);
    doThrow(new RunStateConflictException("run 8 has no failed units; there is nothing to rerun"))
        .when(operations)
        .rerunFailed(8, "alice");

    mvc.perform(post("/api/runs/7/rerun-failed").with(csrf()))
        .andExpect(status().isAccepted())
        .andExpect(header().string("Location", "http://localhost/api/runs/12"))
        .andExpect(jsonPath("$.id").value(12));
    mvc.perform(post("/api/runs/8/rerun-failed").with(csrf()))
        .andExpect(status().isConflict())
        .andExpect(jsonPath("$.detail").value(Matchers.containsString("no failed units")));
  }

  @Test
  void failuresArePagedWithReasonsAssetIdsAndPaths() throws Exception {
    when(views.failures(eq(7L), isNull(), anyInt()))
        .thenReturn(
            new Page<>(
                List.of(RunFixtures.failure(42, "photos/broken.jpg", "thumbnail: truncated")),
                "0000000000000000042"));

    mvc.perform(get("/api/runs/7/failures?limit=1"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.items[0].assetId").value(42))
        .andExpect(jsonPath("$.items[0].path").value("photos/broken.jpg"))
        .andExpect(jsonPath("$.items[0].error").value("thumbnail: truncated"))
        .andExpect(jsonPath("$.items[0].assetUrl").value("/assets/42"))
        .andExpect(jsonPath("$.next").value("0000000000000000042"));
  }

  @Test
  void partitionsArePagedAndFilteredByStatus() throws Exception {
    when(views.partitions(
            eq(7L), eq(List.of(dev.darkroom.core.run.PartitionStatus.FAILED)), eq(3), eq(10)))
        .thenReturn(
            new Page<>(
                List.of(
                    RunFixtures.partition(
                        4,
                        dev.darkroom.core.run.PartitionStatus.FAILED,
                        new dev.darkroom.core.run.UnitCounts(2, 0, 0, 1, 1, 0))),
                "4"));

    mvc.perform(get("/api/runs/7/partitions?status=FAILED&after=3&limit=10"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.items[0].partitionNo").value(4))
        .andExpect(jsonPath("$.items[0].status").value("FAILED"))
        .andExpect(jsonPath("$.next").value("4"));
    mvc.perform(get("/api/runs/7/partitions?after=x")).andExpect(status().isBadRequest());
    mvc.perform(get("/api/runs/7/partitions?status=NOPE")).andExpect(status().isBadRequest());
  }

  @Test
  void fieldsTheApiDoesNotKnowAreIgnored() throws Exception {
    startRun(
            "{\"pipeline\":\"images-basic\",\"scope\":{\"all\":true},\"policy\":{\"kind\":\"PRODUCTION\"},\"extra\":1}")
        .andExpect(status().isAccepted());
    verify(operations).start(any(), eq("alice"), any());
  }

  @Test
  void startingOrCancellingWhileTemporalIsUnreachableAnswers503WithRetryAfter() throws Exception {
    TemporalUnavailableException down =
        new TemporalUnavailableException("started", "127.0.0.1:7233", null);
    when(operations.start(any(), eq("alice"), any())).thenThrow(down);
    doThrow(new TemporalUnavailableException("cancelled", "127.0.0.1:7233", null))
        .when(operations)
        .cancel(7);

    startRun(
            """
            {"pipeline":"images-basic","scope":{"query":"type:image"},
             "policy":{"kind":"PRODUCTION"}}
            """)
        .andExpect(status().isServiceUnavailable())
        .andExpect(header().string("Retry-After", "5"))
        .andExpect(jsonPath("$.type").value(PROBLEM + "temporal-unavailable"));
    mvc.perform(post("/api/runs/7/cancel").with(csrf()))
        .andExpect(status().isServiceUnavailable())
        .andExpect(header().string("Retry-After", "5"))
        .andExpect(jsonPath("$.detail").value(Matchers.containsString("could not be cancelled")));
  }

  private ResultActions startRun(String json) throws Exception {
    return mvc.perform(
        post("/api/runs").with(csrf()).contentType(MediaType.APPLICATION_JSON).content(json));
  }

  private void expectInvalid(String json, String detail) throws Exception {
    startRun(json)
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value(PROBLEM + "invalid-run-request"))
        .andExpect(jsonPath("$.detail").value(Matchers.containsString(detail)));
  }
}
