package dev.darkroom.web.batchadmin;

import static dev.darkroom.web.batchadmin.BatchAdminApiControllerTest.START;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.darkroom.web.batchadmin.ExecutionActions.Availability;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/**
 * What the execution page shows to whom, and how its form actions answer: buttons for operators
 * only and only for actions the state allows, the reasons for the others, values from Batch's
 * tables escaped, and a redirect back with the outcome.
 */
@WebMvcTest
class BatchAdminPageControllerTest {

  @SpringBootConfiguration
  @Import(BatchAdminPageController.class)
  static class Slice {}

  static final String XSS = "<img src=x onerror=alert(1)>";

  @Autowired MockMvc mvc;
  @MockitoBean BatchAdminService service;

  @Test
  @WithMockUser(roles = "OPERATOR")
  void operatorSeesTheButtonsOfPossibleActionsAndTheReasonsForTheOthers() throws Exception {
    when(service.execution(5)).thenReturn(detail(BatchStatus.FAILED, true));

    mvc.perform(get("/batch/executions/5"))
        .andExpect(status().isOk())
        .andExpect(content().string(containsString("id=\"restart-execution\"")))
        .andExpect(content().string(containsString("id=\"abandon-execution\"")))
        .andExpect(content().string(not(containsString("id=\"stop-execution\""))))
        .andExpect(content().string(containsString("Execution 5 is FAILED; only a STARTING")))
        .andExpect(content().string(containsString("href=\"/runs/7\"")))
        .andExpect(content().string(containsString("partition 2 of run 7")));
  }

  @Test
  @WithMockUser(roles = "VIEWER")
  void viewerSeesNoActionButtons() throws Exception {
    when(service.execution(5)).thenReturn(detail(BatchStatus.FAILED, true));

    mvc.perform(get("/batch/executions/5"))
        .andExpect(status().isOk())
        .andExpect(content().string(not(containsString("restart-execution"))))
        .andExpect(content().string(not(containsString("abandon-execution"))))
        .andExpect(content().string(containsString("Only operators can stop")));
  }

  @Test
  @WithMockUser(roles = "VIEWER")
  void valuesFromBatchTablesAreEscaped() throws Exception {
    when(service.execution(5)).thenReturn(detail(BatchStatus.FAILED, false));

    mvc.perform(get("/batch/executions/5"))
        .andExpect(status().isOk())
        .andExpect(content().string(not(containsString(XSS))))
        .andExpect(content().string(containsString("&lt;img src=x onerror=alert(1)&gt;")));
  }

  @Test
  @WithMockUser(roles = "VIEWER")
  void runningExecutionRefreshesItselfAndAnEndedOneDoesNot() throws Exception {
    when(service.execution(5)).thenReturn(detail(BatchStatus.STARTED, false));
    when(service.execution(6)).thenReturn(detail(BatchStatus.COMPLETED, false));

    mvc.perform(get("/batch/executions/5"))
        .andExpect(content().string(containsString("hx-get=\"/batch/executions/5\"")))
        .andExpect(content().string(containsString("hx-trigger=\"every 2s\"")));
    mvc.perform(get("/batch/executions/6"))
        .andExpect(content().string(not(containsString("hx-get="))));
  }

  @Test
  @WithMockUser(roles = "VIEWER")
  void unknownExecutionAndBadIdAreErrorPagesNotServerErrors() throws Exception {
    when(service.execution(404)).thenThrow(new UnknownJobExecutionException(404));

    mvc.perform(get("/batch/executions/404"))
        .andExpect(status().isNotFound())
        .andExpect(content().string(containsString("No job execution with id 404")));
    mvc.perform(get("/batch/executions/abc"))
        .andExpect(status().isBadRequest())
        .andExpect(
            content().string(containsString("id must be a whole number, not &#39;abc&#39;")));
    mvc.perform(get("/batch?status=RUNNING"))
        .andExpect(status().isBadRequest())
        .andExpect(content().string(containsString("status must be one of")));
  }

  @Test
  @WithMockUser(roles = "OPERATOR")
  void formActionsRedirectBackWithTheOutcome() throws Exception {
    when(service.abandon(5))
        .thenThrow(
            new BatchActionNotPossibleException(
                "abandon", 5, BatchStatus.FAILED, "Cancel run 7 first"));
    when(service.restart(6))
        .thenReturn(BatchAdminApiControllerTest.otherExecution(9, BatchStatus.STARTED));

    mvc.perform(post("/batch/executions/5/abandon").with(csrf()))
        .andExpect(redirectedUrl("/batch/executions/5"))
        .andExpect(flash().attribute("problem", "Cancel run 7 first"));
    mvc.perform(post("/batch/executions/6/restart").with(csrf()))
        .andExpect(redirectedUrl("/batch/executions/9"))
        .andExpect(flash().attribute("message", "Execution 6 was restarted as execution 9."));
  }

  private static JobExecutionDetail detail(BatchStatus status, boolean restartable) {
    JobExecutionSummary execution =
        new JobExecutionSummary(
            5,
            3,
            "pipeline",
            status,
            START,
            START,
            null,
            1000L,
            status.name(),
            XSS,
            ExecutionOwner.run(7, 2));
    ActionRules.Facts facts = new ActionRules.Facts(execution, 5, false, null, false, null, null);
    ExecutionActions actions =
        new ExecutionActions(
            ActionRules.stop(facts),
            restartable ? Availability.yes("continues the instance") : Availability.no("no"),
            restartable ? Availability.yes("never restarted") : Availability.no("no"));
    return new JobExecutionDetail(
        execution,
        List.of(new ExecutionParameter("runId", "java.lang.Long", XSS, true)),
        List.of(),
        List.of(execution),
        false,
        null,
        "FAILED",
        actions);
  }
}
