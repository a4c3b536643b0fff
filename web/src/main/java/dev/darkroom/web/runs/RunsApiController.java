package dev.darkroom.web.runs;

import dev.darkroom.core.run.PartitionStatus;
import dev.darkroom.core.run.RunStatus;
import dev.darkroom.web.api.Page;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.security.Principal;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * {@code /api/runs}: start runs, list them, follow one (status, failures, a live event stream) and
 * steer it. Starting and rerunning answer 202 Accepted with the new run's URL: the run goes on in
 * the background. Errors are problem details (docs/api.md lists them).
 */
@RestController
@RequestMapping("/api/runs")
@Tag(name = "Runs", description = "Start, follow and steer pipeline runs")
class RunsApiController {

  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 500;

  private final RunOperations operations;
  private final RunViews views;
  private final RunStreams streams;

  RunsApiController(RunOperations operations, RunViews views, RunStreams streams) {
    this.operations = operations;
    this.views = views;
    this.streams = streams;
  }

  @Operation(summary = "Start a run of a pipeline over a scope under a policy")
  @PostMapping
  @ResponseStatus(HttpStatus.ACCEPTED)
  ResponseEntity<RunAccepted> start(
      @RequestBody StartRunRequest body, @Nullable Principal principal) {
    String who = CurrentUser.name(principal);
    long id = operations.start(RunRequests.toRunRequest(body, who), who, body.launcher());
    return accepted(id);
  }

  @Operation(summary = "List runs, newest first")
  @GetMapping
  Page<RunSummary> list(
      @Parameter(description = "only runs in this status") @RequestParam(required = false)
          @Nullable RunStatus status,
      @Parameter(description = "only runs of this pipeline") @RequestParam(required = false)
          @Nullable String pipeline,
      @Parameter(description = "the next cursor of the previous page")
          @RequestParam(required = false)
          @Nullable String after,
      @RequestParam(defaultValue = "" + DEFAULT_LIMIT) int limit) {
    return views.list(status, blankToNull(pipeline), runCursor(after), limit(limit));
  }

  @Operation(summary = "A run's status: counts, per-partition progress, throughput and ETA")
  @GetMapping("/{id}")
  RunStatusView get(@PathVariable long id) {
    return views.status(id);
  }

  @Operation(summary = "Cancel a run; running partitions stop at a chunk boundary")
  @PostMapping("/{id}/cancel")
  @ResponseStatus(HttpStatus.ACCEPTED)
  ResponseEntity<RunStatusView> cancel(@PathVariable long id) {
    operations.cancel(id);
    return ResponseEntity.accepted().body(views.status(id));
  }

  @Operation(summary = "Pause a run: no new partition starts, running ones stop at a chunk")
  @PostMapping("/{id}/pause")
  @ResponseStatus(HttpStatus.ACCEPTED)
  ResponseEntity<RunStatusView> pause(@PathVariable long id) {
    operations.pause(id);
    return ResponseEntity.accepted().body(views.status(id));
  }

  @Operation(summary = "Resume a paused run from its committed state")
  @PostMapping("/{id}/resume")
  @ResponseStatus(HttpStatus.ACCEPTED)
  ResponseEntity<RunStatusView> resume(@PathVariable long id) {
    operations.resume(id);
    return ResponseEntity.accepted().body(views.status(id));
  }

  @Operation(summary = "A run's failed units with the tools' reasons and the originals' paths")
  @GetMapping("/{id}/failures")
  Page<FailureView> failures(
      @PathVariable long id,
      @Parameter(description = "the next cursor of the previous page")
          @RequestParam(required = false)
          @Nullable String after,
      @RequestParam(defaultValue = "" + DEFAULT_LIMIT) int limit) {
    return views.failures(id, blankToNull(after), limit(limit));
  }

  @Operation(
      summary = "A run's partitions in partition order, with their units and workers",
      description =
          "The run's status lists at most 20 partitions (the working and failed ones first);"
              + " this pages through all of them.")
  @GetMapping("/{id}/partitions")
  Page<PartitionView> partitions(
      @PathVariable long id,
      @Parameter(description = "only partitions in these statuses (repeatable)")
          @RequestParam(required = false)
          @Nullable List<PartitionStatus> status,
      @Parameter(description = "the next cursor of the previous page")
          @RequestParam(required = false)
          @Nullable String after,
      @RequestParam(defaultValue = "" + DEFAULT_LIMIT) int limit) {
    return views.partitions(
        id, status == null ? List.of() : status, partitionCursor(after), limit(limit));
  }

  @Operation(summary = "Start a new run over exactly the failed units of an ended run")
  @PostMapping("/{id}/rerun-failed")
  @ResponseStatus(HttpStatus.ACCEPTED)
  ResponseEntity<RunAccepted> rerunFailed(@PathVariable long id, @Nullable Principal principal) {
    return accepted(operations.rerunFailed(id, CurrentUser.name(principal)));
  }

  @Operation(
      summary = "A run's events as server-sent events",
      description =
          "Each event is named by its type (run-state-changed, chunk-committed, unit-failed) and"
              + " carries darkroom.run-event/v1 JSON (docs/events.md); a 'progress' event carries"
              + " the run's status, at once and every couple of seconds while it runs. The stream"
              + " ends after the run ended.")
  @GetMapping(value = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  SseEmitter events(@PathVariable long id) {
    return streams.apiEvents(id);
  }

  static int limit(int limit) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException(
          "limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
    }
    return limit;
  }

  static @Nullable Long runCursor(@Nullable String after) {
    if (after == null || after.isBlank()) {
      return null;
    }
    try {
      return Long.parseLong(after.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "after must be the 'next' cursor of a previous page, not '" + after + "'");
    }
  }

  static @Nullable Integer partitionCursor(@Nullable String after) {
    Long cursor = runCursor(after);
    return cursor == null
        ? null
        : Math.toIntExact(Math.max(-1, Math.min(cursor, Integer.MAX_VALUE)));
  }

  private static @Nullable String blankToNull(@Nullable String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }

  private static ResponseEntity<RunAccepted> accepted(long id) {
    URI location =
        ServletUriComponentsBuilder.fromCurrentContextPath()
            .path("/api/runs/{id}")
            .buildAndExpand(id)
            .toUri();
    return ResponseEntity.accepted()
        .location(location)
        .body(new RunAccepted(id, location.toString()));
  }
}
