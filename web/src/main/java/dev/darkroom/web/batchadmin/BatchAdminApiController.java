package dev.darkroom.web.batchadmin;

import dev.darkroom.web.api.Page;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** REST API of the Spring Batch admin views, under {@value #BASE}; see docs/api.md. */
@RestController
@RequestMapping(path = BatchAdminApiController.BASE, produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(
    name = "Batch admin",
    description =
        "Spring Batch jobs, instances, executions and steps, keyset-paged newest first, each"
            + " execution linked to its Darkroom run partition or scan; stop, restart and abandon"
            + " (operators only). See docs/batch-admin.md for when to use which.")
class BatchAdminApiController {

  static final String BASE = "/api/batch";

  private final BatchAdminService service;

  BatchAdminApiController(BatchAdminService service) {
    this.service = service;
  }

  @GetMapping("/jobs")
  @Operation(
      summary = "Job names with instance and execution counts and their newest execution",
      description = "Every job that has run in this database, by name.")
  List<JobSummary> jobs() {
    return service.jobs();
  }

  @GetMapping("/jobs/{name}/instances")
  @Operation(
      summary = "A job's instances, newest first (keyset-paged)",
      description =
          "An instance is one set of identifying parameters: for `pipeline` a run partition,"
              + " for `scan` a scan. Pass the page's `next` as `after` for the following page.")
  @ApiResponse(responseCode = "200", description = "A page of instances")
  @ApiResponse(
      responseCode = "404",
      description = "No job of that name has run",
      content = @Content(schema = @Schema(implementation = ProblemDetail.class)))
  Page<JobInstanceSummary> instances(
      @PathVariable String name,
      @Parameter(description = "the `next` cursor of the previous page; omit for the first")
          @RequestParam(required = false)
          @Nullable String after,
      @Parameter(description = "page size, 1 to " + BatchAdminService.MAX_LIMIT)
          @RequestParam(defaultValue = "" + BatchAdminService.DEFAULT_LIMIT)
          int limit) {
    return service.instances(name, after, limit);
  }

  @GetMapping("/instances/{id}")
  @Operation(summary = "A job instance with all its executions, newest first")
  @ApiResponse(responseCode = "200", description = "The instance")
  @ApiResponse(
      responseCode = "404",
      description = "No such instance",
      content = @Content(schema = @Schema(implementation = ProblemDetail.class)))
  JobInstanceDetail instance(@PathVariable long id) {
    return service.instance(id);
  }

  @GetMapping("/executions")
  @Operation(
      summary = "Job executions, newest first (keyset-paged), filtered by job, status, instance",
      description =
          "Each execution carries its `owner` when it belongs to a Darkroom run partition"
              + " (`RUN`, with `partitionNo` and the run page's `url`) or a scan (`SCAN`)."
              + " `exitDescription` is cut to "
              + BatchAdminRepository.LIST_EXIT_DESCRIPTION
              + " characters; the execution's detail has all of it.")
  @ApiResponse(responseCode = "200", description = "A page of executions")
  @ApiResponse(
      responseCode = "400",
      description = "Unknown status, bad cursor or limit",
      content = @Content(schema = @Schema(implementation = ProblemDetail.class)))
  @ApiResponse(
      responseCode = "404",
      description = "The job filter names a job that never ran",
      content = @Content(schema = @Schema(implementation = ProblemDetail.class)))
  Page<JobExecutionSummary> executions(
      @Parameter(description = "only this job, e.g. `pipeline` or `scan`")
          @RequestParam(required = false)
          @Nullable String job,
      @Parameter(
              description =
                  "only this status: COMPLETED, STARTING, STARTED, STOPPING, STOPPED, FAILED,"
                      + " ABANDONED or UNKNOWN (any case)")
          @RequestParam(required = false)
          @Nullable String status,
      @Parameter(description = "only executions of this job instance")
          @RequestParam(required = false)
          @Nullable Long instance,
      @Parameter(description = "the `next` cursor of the previous page; omit for the first")
          @RequestParam(required = false)
          @Nullable String after,
      @Parameter(description = "page size, 1 to " + BatchAdminService.MAX_LIMIT)
          @RequestParam(defaultValue = "" + BatchAdminService.DEFAULT_LIMIT)
          int limit) {
    ExecutionFilter filter =
        new ExecutionFilter(blankToNull(job), BatchStatuses.parse(status), instance);
    return service.executions(filter, after, limit);
  }

  @GetMapping("/executions/{id}")
  @Operation(
      summary = "One execution: parameters, steps, its instance's executions, owner, actions",
      description =
          "`actions` says for stop, restart and abandon whether each is possible now and, when"
              + " not, why; `ownerStatus` is the status of the owning run or scan.")
  @ApiResponse(responseCode = "200", description = "The execution")
  @ApiResponse(
      responseCode = "404",
      description = "No such execution",
      content = @Content(schema = @Schema(implementation = ProblemDetail.class)))
  JobExecutionDetail execution(@PathVariable long id) {
    return service.execution(id);
  }

  @GetMapping("/executions/{id}/steps")
  @Operation(summary = "An execution's step executions with Spring Batch's counters, in order")
  @ApiResponse(responseCode = "200", description = "The steps")
  @ApiResponse(
      responseCode = "404",
      description = "No such execution",
      content = @Content(schema = @Schema(implementation = ProblemDetail.class)))
  List<StepExecutionSummary> steps(@PathVariable long id) {
    return service.execution(id).steps();
  }

  @PostMapping("/executions/{id}/stop")
  @Operation(
      summary = "Stop a running execution at its next chunk boundary (operators)",
      description =
          "Returns at once with the execution STOPPING. A run partition stopped here is"
              + " restarted by its run's workflow; pause or cancel the run to stop its work.")
  @ApiResponse(responseCode = "202", description = "Asked to stop; the execution is STOPPING")
  @ApiResponse(
      responseCode = "409",
      description = "The execution is not running",
      content = @Content(schema = @Schema(implementation = ProblemDetail.class)))
  @ResponseStatus(HttpStatus.ACCEPTED)
  ResponseEntity<JobExecutionSummary> stop(@PathVariable long id) {
    return ResponseEntity.accepted().body(service.stop(id));
  }

  @PostMapping("/executions/{id}/restart")
  @Operation(
      summary = "Restart a failed or stopped execution's job instance (operators)",
      description =
          "Only for jobs this server can rebuild (registered jobs). Run partitions are restarted"
              + " by their run's workflow and scans by the next scan, never here: the 409 says"
              + " what to do instead. Returns the new execution as soon as it exists, with its"
              + " URL in Location.")
  @ApiResponse(responseCode = "202", description = "The new execution, running")
  @ApiResponse(
      responseCode = "409",
      description = "Not restartable in this state or by this server",
      content = @Content(schema = @Schema(implementation = ProblemDetail.class)))
  @ResponseStatus(HttpStatus.ACCEPTED)
  ResponseEntity<JobExecutionSummary> restart(@PathVariable long id) {
    JobExecutionSummary restarted = service.restart(id);
    return ResponseEntity.accepted()
        .location(URI.create(BASE + "/executions/" + restarted.id()))
        .body(restarted);
  }

  @PostMapping("/executions/{id}/abandon")
  @Operation(
      summary = "Mark a stopped or failed execution ABANDONED (operators)",
      description =
          "Spring Batch then never restarts its instance. Refused while the execution runs, and"
              + " for a run partition whose run is still going.")
  @ApiResponse(responseCode = "200", description = "The execution, ABANDONED")
  @ApiResponse(
      responseCode = "409",
      description = "Not abandonable in this state",
      content = @Content(schema = @Schema(implementation = ProblemDetail.class)))
  JobExecutionSummary abandon(@PathVariable long id) {
    return service.abandon(id);
  }

  private static @Nullable String blankToNull(@Nullable String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
