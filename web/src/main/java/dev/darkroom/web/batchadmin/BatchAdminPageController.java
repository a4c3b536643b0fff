package dev.darkroom.web.batchadmin;

import dev.darkroom.web.PageLinks;
import dev.darkroom.web.api.Page;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
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
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The Batch admin pages: {@code /batch} (jobs and every execution), {@code /batch/jobs/{name}} (its
 * instances and executions), {@code /batch/executions/{id}} (parameters, steps, actions). The
 * actions are plain form posts that redirect back with a message, so they work without script.
 */
@Controller
class BatchAdminPageController {

  static final String JOBS_VIEW = "batch/jobs";
  static final String JOB_VIEW = "batch/job";
  static final String EXECUTION_VIEW = "batch/execution";
  static final String ERROR_VIEW = "batch/error";

  private static final BatchViewFormats FORMATS = new BatchViewFormats();

  private final BatchAdminService service;

  BatchAdminPageController(BatchAdminService service) {
    this.service = service;
  }

  @ModelAttribute("fmt")
  BatchViewFormats formats() {
    return FORMATS;
  }

  @ModelAttribute("statuses")
  java.util.List<String> statuses() {
    return BatchStatuses.NAMES;
  }

  @GetMapping("/batch")
  String jobs(
      @RequestParam(required = false) @Nullable String job,
      @RequestParam(required = false) @Nullable String status,
      @RequestParam(required = false) @Nullable String after,
      Model model,
      HttpServletRequest request) {
    String jobName = blankToNull(job);
    model.addAttribute("jobs", service.jobs());
    model.addAttribute("job", jobName == null ? "" : jobName);
    model.addAttribute(
        "status", status == null ? "" : status.trim().toUpperCase(java.util.Locale.ROOT));
    Page<JobExecutionSummary> executions =
        service.executions(
            new ExecutionFilter(jobName, BatchStatuses.parse(status), null),
            after,
            BatchAdminService.DEFAULT_LIMIT);
    model.addAttribute("executions", executions);
    model.addAttribute(
        "executionRows", BatchRows.executions(executions.items(), FORMATS, PageLinks.of(request)));
    return JOBS_VIEW;
  }

  @GetMapping("/batch/jobs/{name}")
  String job(
      @PathVariable String name,
      @RequestParam(required = false) @Nullable String status,
      @RequestParam(required = false) @Nullable String after,
      @RequestParam(required = false) @Nullable String instancesAfter,
      Model model,
      HttpServletRequest request) {
    PageLinks links = PageLinks.of(request);
    model.addAttribute("name", name);
    model.addAttribute("summary", service.job(name).orElse(null));
    model.addAttribute(
        "status", status == null ? "" : status.trim().toUpperCase(java.util.Locale.ROOT));
    model.addAttribute("instancesAfter", instancesAfter == null ? "" : instancesAfter);
    Page<JobInstanceSummary> instances =
        service.instances(name, instancesAfter, BatchAdminService.DEFAULT_LIMIT);
    model.addAttribute("instances", instances);
    model.addAttribute("instanceRows", BatchRows.instances(instances.items(), FORMATS, links));
    Page<JobExecutionSummary> executions =
        service.executions(
            new ExecutionFilter(name, BatchStatuses.parse(status), null),
            after,
            BatchAdminService.DEFAULT_LIMIT);
    model.addAttribute("executions", executions);
    model.addAttribute("executionRows", BatchRows.executions(executions.items(), FORMATS, links));
    return JOB_VIEW;
  }

  @GetMapping("/batch/executions/{id}")
  String execution(@PathVariable long id, Model model, HttpServletRequest request) {
    JobExecutionDetail detail = service.execution(id);
    model.addAttribute("detail", detail);
    model.addAttribute(
        "executionRows",
        BatchRows.executions(detail.instanceExecutions(), FORMATS, PageLinks.of(request)));
    return EXECUTION_VIEW;
  }

  @PostMapping("/batch/executions/{id}/stop")
  String stop(@PathVariable long id, RedirectAttributes redirect) {
    try {
      service.stop(id);
      redirect.addFlashAttribute(
          "message", "Execution " + id + " was asked to stop at its next chunk boundary.");
    } catch (BatchActionNotPossibleException e) {
      redirect.addFlashAttribute("problem", e.getMessage());
    }
    return "redirect:/batch/executions/" + id;
  }

  @PostMapping("/batch/executions/{id}/restart")
  String restart(@PathVariable long id, RedirectAttributes redirect) {
    try {
      JobExecutionSummary restarted = service.restart(id);
      redirect.addFlashAttribute(
          "message", "Execution " + id + " was restarted as execution " + restarted.id() + ".");
      return "redirect:/batch/executions/" + restarted.id();
    } catch (BatchActionNotPossibleException | BatchActionFailedException e) {
      redirect.addFlashAttribute("problem", e.getMessage());
      return "redirect:/batch/executions/" + id;
    }
  }

  @PostMapping("/batch/executions/{id}/abandon")
  String abandon(@PathVariable long id, RedirectAttributes redirect) {
    try {
      service.abandon(id);
      redirect.addFlashAttribute("message", "Execution " + id + " is ABANDONED.");
    } catch (BatchActionNotPossibleException e) {
      redirect.addFlashAttribute("problem", e.getMessage());
    }
    return "redirect:/batch/executions/" + id;
  }

  @ExceptionHandler({
    UnknownJobExecutionException.class,
    UnknownJobInstanceException.class,
    UnknownBatchJobException.class
  })
  @ResponseStatus(HttpStatus.NOT_FOUND)
  String notFound(RuntimeException e, Model model) {
    return error("Not found", e.getMessage(), model);
  }

  @ExceptionHandler(InvalidBatchQueryException.class)
  @ResponseStatus(HttpStatus.BAD_REQUEST)
  String invalid(InvalidBatchQueryException e, Model model) {
    return error("Invalid request", e.getMessage(), model);
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  @ResponseStatus(HttpStatus.BAD_REQUEST)
  String typeMismatch(MethodArgumentTypeMismatchException e, Model model) {
    return error(
        "Invalid request",
        e.getName() + " must be a whole number, not '" + e.getValue() + "'",
        model);
  }

  private static String error(String title, @Nullable String message, Model model) {
    model.addAttribute("title", title);
    model.addAttribute("message", message == null ? title : message);
    return ERROR_VIEW;
  }

  private static @Nullable String blankToNull(@Nullable String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
