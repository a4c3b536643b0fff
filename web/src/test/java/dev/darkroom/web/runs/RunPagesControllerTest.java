package dev.darkroom.web.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.darkroom.core.run.RunStatus;
import dev.darkroom.core.run.UnknownLauncherException;
import dev.darkroom.core.run.UnknownRunException;
import dev.darkroom.core.tool.PipelineRegistry;
import dev.darkroom.web.api.ApiProblemHandler;
import dev.darkroom.web.api.Page;
import java.util.List;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** The dashboard pages, rendered with the real templates. */
@WebMvcTest
class RunPagesControllerTest {

  @SpringBootConfiguration
  @Import({RunPagesController.class, ApiProblemHandler.class})
  static class Slice {
    @Bean
    PipelineRegistry pipelineRegistry() {
      return PipelineRegistry.standard();
    }

    @Bean
    TemporalLinks temporalLinks() {
      return new TemporalLinks("http://127.0.0.1:8233", "default");
    }
  }

  @Autowired MockMvc mvc;
  @MockitoBean RunViews views;
  @MockitoBean RunOperations operations;
  @MockitoBean RunStreams streams;

  @BeforeEach
  void runs() {
    when(views.list(any(), any(), any(), anyInt()))
        .thenReturn(new Page<>(List.of(RunFixtures.summary(7, RunStatus.RUNNING)), null));
    when(views.page(7))
        .thenReturn(
            RunFixtures.page(
                RunFixtures.status(7, RunStatus.RUNNING),
                List.of(
                    RunFixtures.failure(
                        42, RunFragmentsTest.XSS, "thumbnail: cannot decode image"))));
    when(views.page(99)).thenThrow(new UnknownRunException(99));
    when(operations.launchers())
        .thenReturn(new LauncherChoices("in-process", List.of("process", "in-process")));
  }

  @Test
  @WithMockUser(roles = {"VIEWER", "OPERATOR"})
  void theNewRunFormOffersTheLaunchersThisServerHasAndTheRunGetsTheOneChosen() throws Exception {
    String page = mvc.perform(get("/runs")).andReturn().getResponse().getContentAsString();
    String launchers =
        page.substring(
            page.indexOf("id=\"new-run-launcher\""),
            page.indexOf("</select>", page.indexOf("id=\"new-run-launcher\"")));
    // the default first, then the configured ones by name; none this server does not have
    assertThat(launchers)
        .containsSubsequence(
            "<option value=\"\">default (in-process)</option>",
            "<option value=\"in-process\">in-process</option>",
            "<option value=\"process\">process</option>")
        .doesNotContain("kubernetes");

    when(operations.start(any(), any(), eq("process"))).thenReturn(12L);
    mvc.perform(productionRunOn("process"))
        .andExpect(status().is3xxRedirection())
        .andExpect(redirectedUrl("/runs/12"));
    verify(operations).start(any(), any(), eq("process"));
  }

  /** The new-run form posted: images-basic over every asset, production, on {@code launcher}. */
  private static MockHttpServletRequestBuilder productionRunOn(String launcher) {
    return post("/runs")
        .with(csrf())
        .param("pipeline", "images-basic")
        .param("scope", "all")
        .param("policy", "PRODUCTION")
        .param("launcher", launcher);
  }

  @Test
  @WithMockUser(roles = {"VIEWER", "OPERATOR"})
  void aLauncherThisServerDoesNotHaveIsABadFormWithTheOnesItHas() throws Exception {
    when(operations.start(any(), any(), eq("gpu-farm")))
        .thenThrow(new UnknownLauncherException("gpu-farm", List.of("in-process", "process")));

    mvc.perform(productionRunOn("gpu-farm"))
        .andExpect(status().isBadRequest())
        .andExpect(content().string(Matchers.containsString("id=\"new-run-error\"")))
        .andExpect(
            content()
                .string(
                    Matchers.containsString(
                        "unknown launcher &#39;gpu-farm&#39;: this server offers in-process,"
                            + " process")));
  }

  @Test
  @WithMockUser(roles = {"VIEWER", "OPERATOR"})
  void anOperatorSeesTheRunsTheNewRunFormAndTheLiveStream() throws Exception {
    mvc.perform(get("/runs"))
        .andExpect(status().isOk())
        .andExpect(content().string(Matchers.containsString("id=\"new-run\"")))
        .andExpect(content().string(Matchers.containsString("id=\"run-7\"")))
        .andExpect(content().string(Matchers.containsString("sse-connect=\"/runs/stream\"")))
        .andExpect(content().string(Matchers.containsString("sse-swap=\"runs\"")))
        .andExpect(content().string(Matchers.containsString("<option value=\"images-basic\"")));
  }

  @Test
  @WithMockUser(roles = "VIEWER")
  void aViewerSeesTheRunsButNoForm() throws Exception {
    mvc.perform(get("/runs"))
        .andExpect(status().isOk())
        .andExpect(content().string(Matchers.containsString("id=\"run-7\"")))
        .andExpect(content().string(Matchers.not(Matchers.containsString("id=\"new-run\""))));
  }

  @Test
  @WithMockUser(roles = {"VIEWER", "OPERATOR"})
  void theRunPageShowsCountsButtonsTemporalAndEscapedFailures() throws Exception {
    mvc.perform(get("/runs/7"))
        .andExpect(status().isOk())
        .andExpect(content().string(Matchers.containsString("id=\"units-done\">20<")))
        .andExpect(content().string(Matchers.containsString("id=\"cancel-run\"")))
        .andExpect(content().string(Matchers.containsString("id=\"pause-run\"")))
        .andExpect(content().string(Matchers.containsString("sse-connect=\"/runs/7/stream\"")))
        .andExpect(
            content()
                .string(
                    Matchers.containsString(
                        "href=\"http://127.0.0.1:8233/namespaces/default/workflows/run-7\"")))
        .andExpect(content().string(Matchers.containsString("&lt;img src=x onerror=alert(1)&gt;")))
        .andExpect(content().string(Matchers.not(Matchers.containsString("<img src=x"))))
        .andExpect(content().string(Matchers.containsString("href=\"/assets/42\"")));
  }

  @Test
  @WithMockUser(roles = "VIEWER")
  void showMoreAnswersTheNextPageOfPartitionsWithItsOwnShowMoreButton() throws Exception {
    when(views.partitions(eq(7L), eq(List.of()), eq(49), anyInt()))
        .thenReturn(
            new Page<>(
                List.of(
                    RunFixtures.partition(
                        50,
                        dev.darkroom.core.run.PartitionStatus.PENDING,
                        new dev.darkroom.core.run.UnitCounts(2, 2, 0, 0, 0, 0))),
                "50"));
    mvc.perform(get("/runs/7/partitions").param("after", "49"))
        .andExpect(status().isOk())
        .andExpect(content().string(Matchers.containsString("data-partition=\"50\"")))
        .andExpect(
            content().string(Matchers.containsString("hx-get=\"/runs/7/partitions?after=50\"")));
  }

  @Test
  @WithMockUser(roles = "VIEWER")
  void aViewerGetsNoButtons() throws Exception {
    mvc.perform(get("/runs/7"))
        .andExpect(status().isOk())
        .andExpect(content().string(Matchers.containsString("id=\"units-done\"")))
        .andExpect(content().string(Matchers.not(Matchers.containsString("id=\"cancel-run\""))));
  }

  @Test
  @WithMockUser(roles = "VIEWER")
  void unknownOrMalformedRunIdsGetA404Page() throws Exception {
    mvc.perform(get("/runs/99"))
        .andExpect(status().isNotFound())
        .andExpect(content().string(Matchers.containsString("No run with id 99")));
    mvc.perform(get("/runs/abc"))
        .andExpect(status().isNotFound())
        .andExpect(content().string(Matchers.containsString("is not a run id")));
  }

  @Test
  @WithMockUser(
      username = "bob",
      roles = {"VIEWER", "OPERATOR"})
  void theNewRunFormStartsARunAndOpensItsPage() throws Exception {
    when(operations.start(any(), eq("bob"), any())).thenReturn(7L);

    mvc.perform(
            post("/runs")
                .with(csrf())
                .param("pipeline", "images-basic")
                .param("scope", "query")
                .param("query", "type:image")
                .param("policy", "SANDBOX")
                .param("sample", "10%")
                .param("seed", "3"))
        .andExpect(status().is3xxRedirection())
        .andExpect(redirectedUrl("/runs/7"));
  }

  @Test
  @WithMockUser(roles = {"VIEWER", "OPERATOR"})
  void aBadFormIsShownAgainWithWhatIsWrong() throws Exception {
    mvc.perform(
            post("/runs")
                .with(csrf())
                .param("pipeline", "images-basic")
                .param("scope", "all")
                .param("policy", "SANDBOX")
                .param("sample", "-3"))
        .andExpect(status().isBadRequest())
        .andExpect(content().string(Matchers.containsString("id=\"new-run-error\"")))
        .andExpect(content().string(Matchers.containsString("policy.sampleCount must be positive")))
        .andExpect(content().string(Matchers.containsString("value=\"-3\"")));
    verify(operations, never()).start(any(), any(), any());
  }

  @Test
  @WithMockUser(roles = {"VIEWER", "OPERATOR"})
  void buttonsAnswerWithAMessageOrWhyNot() throws Exception {
    doThrow(new RunStateConflictException("run 7 is already paused")).when(operations).pause(7);
    when(operations.rerunFailed(eq(7L), any())).thenReturn(12L);

    mvc.perform(post("/runs/7/cancel").with(csrf()))
        .andExpect(status().isOk())
        .andExpect(content().string(Matchers.containsString("Cancel requested")));
    mvc.perform(post("/runs/7/pause").with(csrf()))
        .andExpect(status().isOk())
        .andExpect(content().string(Matchers.containsString("run 7 is already paused")));
    mvc.perform(post("/runs/7/rerun-failed").with(csrf()))
        .andExpect(status().isOk())
        .andExpect(header().string("HX-Redirect", "/runs/12"));
    verify(operations).cancel(7);
  }
}
