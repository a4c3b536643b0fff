package dev.darkroom.web.batchadmin;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.darkroom.web.api.ApiProblemHandler;
import dev.darkroom.web.api.Page;
import dev.darkroom.web.batchadmin.ExecutionActions.Availability;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The REST contract of {@code /api/batch}: JSON shapes, paging cursors, status codes and problem
 * details. The service is a mock here; its behaviour on real executions is {@link
 * BatchAdminIntegrationTest}'s.
 */
@WebMvcTest
@WithMockUser(roles = "VIEWER")
class BatchAdminApiControllerTest {

  /** Only this API's controller and problem handlers, not the whole application. */
  @SpringBootConfiguration
  @Import({BatchAdminApiController.class, ApiProblemHandler.class})
  static class Slice {}

  static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

  @Autowired MockMvc mvc;
  @MockitoBean BatchAdminService service;

  @Test
  void jobsAreListedWithCountsAndTheirNewestExecution() throws Exception {
    when(service.jobs())
        .thenReturn(
            List.of(
                new JobSummary(
                    "pipeline", 4, 5, 12L, BatchStatus.FAILED, START, START.plusSeconds(3))));

    mvc.perform(get("/api/batch/jobs"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$[0].name").value("pipeline"))
        .andExpect(jsonPath("$[0].instanceCount").value(4))
        .andExpect(jsonPath("$[0].executionCount").value(5))
        .andExpect(jsonPath("$[0].lastExecutionId").value(12))
        .andExpect(jsonPath("$[0].lastStatus").value("FAILED"))
        .andExpect(jsonPath("$[0].lastStartTime").value("2026-03-01T10:00:00Z"));
  }

  @Test
  void executionsAreFilteredAndPagedWithTheirOwnerAndNextCursor() throws Exception {
    when(service.executions(
            eq(new ExecutionFilter("pipeline", BatchStatus.FAILED, null)), eq("100"), eq(2)))
        .thenReturn(new Page<>(List.of(partitionExecution(99, BatchStatus.FAILED)), "99"));

    mvc.perform(get("/api/batch/executions?job=pipeline&status=failed&after=100&limit=2"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.items[0].id").value(99))
        .andExpect(jsonPath("$.items[0].jobName").value("pipeline"))
        .andExpect(jsonPath("$.items[0].status").value("FAILED"))
        .andExpect(jsonPath("$.items[0].durationMillis").value(3000))
        .andExpect(jsonPath("$.items[0].exitCode").value("FAILED"))
        .andExpect(jsonPath("$.items[0].exitDescription").value("boom"))
        .andExpect(jsonPath("$.items[0].owner.kind").value("RUN"))
        .andExpect(jsonPath("$.items[0].owner.id").value(7))
        .andExpect(jsonPath("$.items[0].owner.partitionNo").value(2))
        .andExpect(jsonPath("$.items[0].owner.url").value("/runs/7"))
        .andExpect(jsonPath("$.next").value("99"));
  }

  @Test
  void firstPageUsesTheDefaultLimitAndNoCursor() throws Exception {
    when(service.executions(any(), isNull(), anyInt())).thenReturn(new Page<>(List.of(), null));

    mvc.perform(get("/api/batch/executions"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.items").isEmpty())
        .andExpect(jsonPath("$.next").doesNotExist());

    verify(service).executions(ExecutionFilter.ALL, null, BatchAdminService.DEFAULT_LIMIT);
  }

  @Test
  void unknownStatusIsABadRequestNamingTheStatusesThereAre() throws Exception {
    mvc.perform(get("/api/batch/executions?status=RUNNING"))
        .andExpect(status().isBadRequest())
        .andExpect(header().string("Content-Type", MediaType.APPLICATION_PROBLEM_JSON_VALUE))
        .andExpect(jsonPath("$.type").value("https://darkroom.dev/problems/invalid-parameter"))
        .andExpect(jsonPath("$.parameter").value("status"))
        .andExpect(
            jsonPath("$.detail")
                .value(
                    "status must be one of COMPLETED, STARTING, STARTED, STOPPING, STOPPED,"
                        + " FAILED, ABANDONED, UNKNOWN, not 'RUNNING'"));
    verifyNoInteractions(service);
  }

  @Test
  void nonNumericIdsAndLimitsAreBadRequestsNotServerErrors() throws Exception {
    mvc.perform(get("/api/batch/executions/abc"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value("'id' must be a whole number, not 'abc'"))
        .andExpect(jsonPath("$.parameter").value("id"));
    mvc.perform(get("/api/batch/executions?limit=ten"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value("'limit' must be a whole number, not 'ten'"));
    mvc.perform(post("/api/batch/executions/x1/stop").with(csrf()))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value("'id' must be a whole number, not 'x1'"));
  }

  @Test
  void badCursorOrLimitFromTheServiceIsABadRequest() throws Exception {
    when(service.executions(any(), eq("zz"), anyInt()))
        .thenThrow(new InvalidBatchQueryException("after", "after must be the 'next' cursor"));

    mvc.perform(get("/api/batch/executions?after=zz"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value("after must be the 'next' cursor"))
        .andExpect(jsonPath("$.parameter").value("after"));
  }

  @Test
  void unknownExecutionInstanceAndJobAreNotFound() throws Exception {
    when(service.execution(404)).thenThrow(new UnknownJobExecutionException(404));
    when(service.instance(405)).thenThrow(new UnknownJobInstanceException(405));
    when(service.instances(eq("nope"), any(), anyInt()))
        .thenThrow(new UnknownBatchJobException("nope", List.of("pipeline", "scan")));

    mvc.perform(get("/api/batch/executions/404"))
        .andExpect(status().isNotFound())
        .andExpect(jsonPath("$.type").value("https://darkroom.dev/problems/unknown-job-execution"))
        .andExpect(
            jsonPath("$.detail")
                .value(org.hamcrest.Matchers.startsWith("No job execution with id 404")));
    mvc.perform(get("/api/batch/instances/405"))
        .andExpect(status().isNotFound())
        .andExpect(jsonPath("$.type").value("https://darkroom.dev/problems/unknown-job-instance"));
    mvc.perform(get("/api/batch/jobs/nope/instances"))
        .andExpect(status().isNotFound())
        .andExpect(jsonPath("$.type").value("https://darkroom.dev/problems/unknown-batch-job"))
        .andExpect(
            jsonPath("$.detail")
                .value("No job named 'nope' has run here; jobs that have: pipeline, scan"));
  }

  @Test
  void executionDetailHasParametersStepsOwnerStatusAndActions() throws Exception {
    JobExecutionSummary execution = partitionExecution(99, BatchStatus.FAILED);
    when(service.execution(99))
        .thenReturn(
            new JobExecutionDetail(
                execution,
                List.of(new ExecutionParameter("runId", "java.lang.Long", "7", true)),
                List.of(
                    new StepExecutionSummary(
                        100,
                        "pipeline-units",
                        BatchStatus.FAILED,
                        START,
                        START.plusSeconds(3),
                        3000L,
                        40,
                        38,
                        1,
                        0,
                        1,
                        0,
                        4,
                        1,
                        "FAILED",
                        "boom")),
                List.of(execution),
                false,
                null,
                "RUNNING",
                new ExecutionActions(
                    Availability.no("not running"),
                    Availability.no("the workflow restarts it"),
                    Availability.no("cancel the run first"))));

    mvc.perform(get("/api/batch/executions/99"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.execution.id").value(99))
        .andExpect(jsonPath("$.parameters[0].name").value("runId"))
        .andExpect(jsonPath("$.parameters[0].value").value("7"))
        .andExpect(jsonPath("$.parameters[0].identifying").value(true))
        .andExpect(jsonPath("$.steps[0].name").value("pipeline-units"))
        .andExpect(jsonPath("$.steps[0].readCount").value(40))
        .andExpect(jsonPath("$.steps[0].writeCount").value(38))
        .andExpect(jsonPath("$.steps[0].filterCount").value(1))
        .andExpect(jsonPath("$.steps[0].processSkipCount").value(1))
        .andExpect(jsonPath("$.steps[0].commitCount").value(4))
        .andExpect(jsonPath("$.steps[0].rollbackCount").value(1))
        .andExpect(jsonPath("$.steps[0].durationMillis").value(3000))
        .andExpect(jsonPath("$.instanceExecutions[0].id").value(99))
        .andExpect(jsonPath("$.ownerStatus").value("RUNNING"))
        .andExpect(jsonPath("$.actions.restart.possible").value(false))
        .andExpect(jsonPath("$.actions.restart.reason").value("the workflow restarts it"));
    mvc.perform(get("/api/batch/executions/99/steps"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$[0].id").value(100));
  }

  @Test
  @WithMockUser(roles = "OPERATOR")
  void stopIsAcceptedAndAnswersWithTheStoppingExecution() throws Exception {
    when(service.stop(5)).thenReturn(partitionExecution(5, BatchStatus.STOPPING));

    mvc.perform(post("/api/batch/executions/5/stop").with(csrf()))
        .andExpect(status().isAccepted())
        .andExpect(jsonPath("$.status").value("STOPPING"));
  }

  @Test
  @WithMockUser(roles = "OPERATOR")
  void restartAnswersWithTheNewExecutionAndItsLocation() throws Exception {
    when(service.restart(5)).thenReturn(otherExecution(6, BatchStatus.STARTED));

    mvc.perform(post("/api/batch/executions/5/restart").with(csrf()))
        .andExpect(status().isAccepted())
        .andExpect(header().string("Location", "/api/batch/executions/6"))
        .andExpect(jsonPath("$.id").value(6))
        .andExpect(jsonPath("$.status").value("STARTED"));
  }

  @Test
  @WithMockUser(roles = "OPERATOR")
  void actionThatTheStateDoesNotAllowIsAConflictSayingWhy() throws Exception {
    when(service.restart(5))
        .thenThrow(
            new BatchActionNotPossibleException(
                "restart", 5, BatchStatus.FAILED, "Execution 5 is partition 2 of run 7, ..."));
    when(service.abandon(6))
        .thenThrow(
            new BatchActionNotPossibleException(
                "abandon", 6, BatchStatus.STARTED, "Execution 6 is STARTED; stop it"));

    mvc.perform(post("/api/batch/executions/5/restart").with(csrf()))
        .andExpect(status().isConflict())
        .andExpect(header().string("Content-Type", MediaType.APPLICATION_PROBLEM_JSON_VALUE))
        .andExpect(
            jsonPath("$.type").value("https://darkroom.dev/problems/batch-action-not-possible"))
        .andExpect(jsonPath("$.detail").value("Execution 5 is partition 2 of run 7, ..."))
        .andExpect(jsonPath("$.action").value("restart"))
        .andExpect(jsonPath("$.executionId").value(5))
        .andExpect(jsonPath("$.executionStatus").value("FAILED"))
        .andExpect(jsonPath("$.status").value(409));
    mvc.perform(post("/api/batch/executions/6/abandon").with(csrf()))
        .andExpect(status().isConflict())
        .andExpect(jsonPath("$.action").value("abandon"));
  }

  @Test
  @WithMockUser(roles = "OPERATOR")
  void restartThatNeverStartedIsServiceUnavailable() throws Exception {
    when(service.restart(5)).thenThrow(new BatchActionFailedException("did not start in 30 s"));

    mvc.perform(post("/api/batch/executions/5/restart").with(csrf()))
        .andExpect(status().isServiceUnavailable())
        .andExpect(jsonPath("$.type").value("https://darkroom.dev/problems/batch-action-failed"));
  }

  @Test
  @WithMockUser(roles = "OPERATOR")
  void abandonAnswersWithTheAbandonedExecution() throws Exception {
    when(service.abandon(5)).thenReturn(otherExecution(5, BatchStatus.ABANDONED));

    mvc.perform(post("/api/batch/executions/5/abandon").with(csrf()))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.status").value("ABANDONED"))
        .andExpect(jsonPath("$.owner").doesNotExist());
  }

  static JobExecutionSummary partitionExecution(long id, BatchStatus status) {
    return new JobExecutionSummary(
        id,
        3,
        "pipeline",
        status,
        START,
        START,
        START.plusSeconds(3),
        3000L,
        status.name(),
        "boom",
        ExecutionOwner.run(7, 2));
  }

  static JobExecutionSummary otherExecution(long id, BatchStatus status) {
    return new JobExecutionSummary(
        id, 3, "other", status, START, START, null, 10L, status.name(), "", null);
  }
}
