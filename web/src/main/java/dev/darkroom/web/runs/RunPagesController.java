package dev.darkroom.web.runs;

import dev.darkroom.batch.preflight.RunPreflightException;
import dev.darkroom.core.run.InvalidRunRequestException;
import dev.darkroom.core.run.RunStatus;
import dev.darkroom.core.run.UnknownRunException;
import dev.darkroom.core.tool.PipelineRegistry;
import dev.darkroom.orchestrator.run.RunStartFailedException;
import dev.darkroom.web.api.Page;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The runs dashboard: the list with its "New run" form ({@code /runs}), the run page ({@code
 * /runs/{id}}), the operators' buttons (htmx posts answered with a message fragment) and the two
 * live streams the pages connect to.
 */
@Controller
class RunPagesController {

  static final String LIST_VIEW = "runs/list";
  static final String RUN_VIEW = "runs/run";
  static final String MISSING_VIEW = "runs/missing";
  static final String MESSAGE_VIEW = RunFragments.TEMPLATE + " :: message";
  static final String PARTITION_PAGE_VIEW = RunFragments.TEMPLATE + " :: partitionPage";
  static final int LIST_LIMIT = 25;
  static final int PARTITION_PAGE = 50;
  static final String OPERATOR = "OPERATOR";

  private final RunViews views;
  private final RunOperations operations;
  private final RunStreams streams;
  private final PipelineRegistry pipelines;
  private final TemporalLinks temporal;

  RunPagesController(
      RunViews views,
      RunOperations operations,
      RunStreams streams,
      PipelineRegistry pipelines,
      TemporalLinks temporal) {
    this.views = views;
    this.operations = operations;
    this.streams = streams;
    this.pipelines = pipelines;
    this.temporal = temporal;
  }

  @GetMapping("/runs")
  String list(
      @RequestParam(required = false) @Nullable String status,
      @RequestParam(required = false) @Nullable String pipeline,
      @RequestParam(required = false) @Nullable String after,
      Model model,
      HttpServletRequest request) {
    listModel(model, request, status, pipeline, after);
    model.addAttribute("form", new NewRunForm());
    return LIST_VIEW;
  }

  @PostMapping("/runs")
  String start(
      @ModelAttribute("form") NewRunForm form,
      @Nullable Principal principal,
      Model model,
      HttpServletRequest request,
      HttpServletResponse response) {
    String who = CurrentUser.name(principal);
    try {
      StartRunRequest asked = form.toRequest();
      long id = operations.start(RunRequests.toRunRequest(asked, who), who, asked.launcher());
      return "redirect:/runs/" + id;
    } catch (InvalidRunRequestException | IllegalArgumentException e) {
      response.setStatus(HttpStatus.BAD_REQUEST.value());
      model.addAttribute("formError", e.getMessage());
    } catch (RunPreflightException e) {
      response.setStatus(HttpStatus.CONFLICT.value());
      model.addAttribute("formError", e.getMessage());
    } catch (RunStartFailedException e) {
      response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
      model.addAttribute("formError", e.getMessage());
    }
    listModel(model, request, null, null, null);
    return LIST_VIEW;
  }

  @GetMapping("/runs/{id}")
  String run(@PathVariable long id, Model model, HttpServletRequest request) {
    boolean operator = request.isUserInRole(OPERATOR);
    RunPageModel page = views.page(id);
    model.addAllAttributes(RunFragments.runPageModel(page, operator, request.getContextPath()));
    model.addAttribute("temporalUi", temporal.ui().orElse(null));
    return RUN_VIEW;
  }

  /** A page of every partition by number, for the run page's "Show more" (htmx). */
  @GetMapping("/runs/{id}/partitions")
  String partitionPage(
      @PathVariable long id,
      @RequestParam(required = false) @Nullable String after,
      Model model,
      HttpServletRequest request) {
    model.addAttribute(
        "page",
        views.partitions(id, List.of(), RunsApiController.partitionCursor(after), PARTITION_PAGE));
    model.addAttribute("runId", id);
    model.addAttribute("base", request.getContextPath());
    return PARTITION_PAGE_VIEW;
  }

  @PostMapping("/runs/{id}/cancel")
  String cancel(@PathVariable long id, Model model) {
    return steer(
        id, operations::cancel, "Cancel requested: running partitions stop at a chunk.", model);
  }

  @PostMapping("/runs/{id}/pause")
  String pause(@PathVariable long id, Model model) {
    return steer(
        id, operations::pause, "Pause requested: running partitions stop at a chunk.", model);
  }

  @PostMapping("/runs/{id}/resume")
  String resume(@PathVariable long id, Model model) {
    return steer(id, operations::resume, "Resumed.", model);
  }

  @PostMapping("/runs/{id}/rerun-failed")
  String rerunFailed(
      @PathVariable long id,
      @Nullable Principal principal,
      Model model,
      HttpServletRequest request,
      HttpServletResponse response) {
    try {
      long rerun = operations.rerunFailed(id, CurrentUser.name(principal));
      // htmx follows this header with a full page load of the new run.
      response.setHeader("HX-Redirect", request.getContextPath() + "/runs/" + rerun);
      model.addAttribute("message", "Started run " + rerun + ".");
    } catch (RunStateConflictException
        | InvalidRunRequestException
        | RunStartFailedException
        | RunPreflightException e) {
      model.addAttribute("problem", e.getMessage());
    }
    return MESSAGE_VIEW;
  }

  @GetMapping(value = "/runs/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  SseEmitter listStream(
      @RequestParam(required = false) @Nullable String status,
      @RequestParam(required = false) @Nullable String pipeline,
      @RequestParam(required = false) @Nullable String after,
      HttpServletRequest request) {
    return streams.runList(query(status, pipeline, after), request.getContextPath());
  }

  @GetMapping(value = "/runs/{id}/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  SseEmitter runStream(@PathVariable long id, HttpServletRequest request) {
    return streams.runPage(id, request.isUserInRole(OPERATOR), request.getContextPath());
  }

  @ExceptionHandler(UnknownRunException.class)
  @ResponseStatus(HttpStatus.NOT_FOUND)
  String missing(UnknownRunException e, Model model) {
    model.addAttribute("problem", e.getMessage());
    return MISSING_VIEW;
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  @ResponseStatus(HttpStatus.NOT_FOUND)
  String notARunId(MethodArgumentTypeMismatchException e, Model model) {
    model.addAttribute("problem", "'" + e.getValue() + "' is not a run id; run ids are numbers");
    return MISSING_VIEW;
  }

  @ExceptionHandler(TooManyStreamsException.class)
  @ResponseStatus(HttpStatus.SERVICE_UNAVAILABLE)
  @org.springframework.web.bind.annotation.ResponseBody
  String tooManyStreams(TooManyStreamsException e) {
    return e.getMessage();
  }

  private String steer(long id, LongConsumer action, String done, Model model) {
    try {
      action.accept(id);
      model.addAttribute("message", done);
    } catch (RunStateConflictException | InvalidRunRequestException e) {
      model.addAttribute("problem", e.getMessage());
    }
    return MESSAGE_VIEW;
  }

  private void listModel(
      Model model,
      HttpServletRequest request,
      @Nullable String status,
      @Nullable String pipeline,
      @Nullable String after) {
    RunListQuery query;
    try {
      query = query(status, pipeline, after);
    } catch (IllegalArgumentException e) {
      model.addAttribute("filterError", e.getMessage());
      query = new RunListQuery(null, null, null, LIST_LIMIT);
    }
    Page<RunSummary> runs =
        views.list(query.status(), query.pipeline(), query.before(), query.limit());
    model.addAttribute("runs", runs);
    model.addAttribute("query", query);
    model.addAttribute("statuses", Arrays.asList(RunStatus.values()));
    model.addAttribute("pipelines", pipelines.ids());
    model.addAttribute("launchers", operations.launchers());
    model.addAttribute("base", request.getContextPath());
    model.addAttribute("operator", request.isUserInRole(OPERATOR));
    model.addAttribute("streamUrl", streamUrl(query, request.getContextPath()));
  }

  private static RunListQuery query(
      @Nullable String status, @Nullable String pipeline, @Nullable String after) {
    RunStatus wanted = null;
    if (status != null && !status.isBlank()) {
      try {
        wanted = RunStatus.valueOf(status.trim());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "status must be one of " + List.of(RunStatus.values()) + ", not '" + status + "'");
      }
    }
    return new RunListQuery(
        wanted,
        pipeline == null || pipeline.isBlank() ? null : pipeline.trim(),
        RunsApiController.runCursor(after),
        LIST_LIMIT);
  }

  private static String streamUrl(RunListQuery query, String base) {
    StringBuilder url = new StringBuilder(base).append("/runs/stream?");
    if (query.status() != null) {
      url.append("status=").append(query.status()).append('&');
    }
    if (query.pipeline() != null) {
      url.append("pipeline=")
          .append(
              java.net.URLEncoder.encode(query.pipeline(), java.nio.charset.StandardCharsets.UTF_8))
          .append('&');
    }
    if (query.before() != null) {
      url.append("after=").append(query.before()).append('&');
    }
    return url.substring(0, url.length() - 1);
  }
}
