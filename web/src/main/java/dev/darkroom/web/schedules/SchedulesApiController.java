package dev.darkroom.web.schedules;

import dev.darkroom.orchestrator.schedules.RunPromotion;
import dev.darkroom.orchestrator.schedules.ScheduleDraft;
import dev.darkroom.orchestrator.schedules.ScheduleService;
import dev.darkroom.orchestrator.schedules.ScheduleTiming;
import dev.darkroom.web.api.Page;
import dev.darkroom.web.runs.CurrentUser;
import dev.darkroom.web.runs.RunAccepted;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.security.Principal;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * {@code /api/schedules}: recurring production runs executed by Temporal Schedules, and {@code
 * /api/runs/{id}/promote…}: a sandbox run becomes a production run or a schedule. Changes need a
 * Temporal server (409 {@code temporal-server-required} on the in-process test server). Errors are
 * problem details (docs/api.md).
 */
@RestController
@Tag(name = "Schedules", description = "Recurring production runs on Temporal Schedules")
class SchedulesApiController {

  static final int RUNS_SHOWN = 20;
  static final int MAX_LIMIT = 500;

  private final ScheduleService schedules;
  private final RunPromotion promotion;

  SchedulesApiController(ScheduleService schedules, RunPromotion promotion) {
    this.schedules = schedules;
    this.promotion = promotion;
  }

  @Operation(summary = "List schedules by name (definitions only; GET one for Temporal's view)")
  @GetMapping("/api/schedules")
  Page<ScheduleView> list(@RequestParam(defaultValue = "" + MAX_LIMIT) int limit) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException(
          "limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
    }
    List<ScheduleView> all = schedules.list().stream().map(ScheduleView::of).toList();
    return new Page<>(all.subList(0, Math.min(limit, all.size())), null);
  }

  @Operation(summary = "One schedule: definition, next firings, firings going, and its runs")
  @GetMapping("/api/schedules/{id}")
  ScheduleView get(@PathVariable long id) {
    return view(id);
  }

  @Operation(summary = "Create a schedule (and its Temporal Schedule)")
  @PostMapping("/api/schedules")
  @ResponseStatus(HttpStatus.CREATED)
  ResponseEntity<ScheduleView> create(
      @RequestBody ScheduleBody body, @Nullable Principal principal) {
    long id = schedules.create(ScheduleBodies.toDraft(body), CurrentUser.name(principal));
    return created(id);
  }

  @Operation(summary = "Replace a schedule's definition; Temporal's schedule follows")
  @PutMapping("/api/schedules/{id}")
  ScheduleView update(@PathVariable long id, @RequestBody ScheduleBody body) {
    schedules.update(id, ScheduleBodies.toDraft(body));
    return view(id);
  }

  @Operation(summary = "Pause: no firings until unpaused (a run already going goes on)")
  @PostMapping("/api/schedules/{id}/pause")
  ScheduleView pause(@PathVariable long id) {
    schedules.pause(id);
    return view(id);
  }

  @Operation(summary = "Unpause: firings resume at the next time the timing gives")
  @PostMapping("/api/schedules/{id}/unpause")
  ScheduleView unpause(@PathVariable long id) {
    schedules.unpause(id);
    return view(id);
  }

  @Operation(
      summary = "Fire now",
      description =
          "Under the schedule's overlap policy: while its previous run still goes, SKIP drops"
              + " this firing and BUFFER_ONE starts it when that run ends.")
  @PostMapping("/api/schedules/{id}/trigger")
  @ResponseStatus(HttpStatus.ACCEPTED)
  ResponseEntity<ScheduleView> trigger(@PathVariable long id) {
    schedules.trigger(id);
    return ResponseEntity.accepted().body(view(id));
  }

  @Operation(summary = "Delete a schedule and its Temporal Schedule; its runs stay")
  @DeleteMapping("/api/schedules/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  ResponseEntity<Void> delete(@PathVariable long id) {
    schedules.delete(id);
    return ResponseEntity.noContent().build();
  }

  @Operation(
      summary = "Promote a sandbox run to a production run",
      description =
          "Starts a production run of the sandbox run's pipeline over its scope with its tool"
              + " parameters; the sample, seed and TTL are dropped.")
  @PostMapping("/api/runs/{id}/promote")
  @ResponseStatus(HttpStatus.ACCEPTED)
  ResponseEntity<RunAccepted> promote(@PathVariable long id, @Nullable Principal principal) {
    long runId = promotion.toProductionRun(id, CurrentUser.name(principal));
    URI location =
        ServletUriComponentsBuilder.fromCurrentContextPath()
            .path("/api/runs/{id}")
            .buildAndExpand(runId)
            .toUri();
    return ResponseEntity.accepted()
        .location(location)
        .body(new RunAccepted(runId, location.toString()));
  }

  @Operation(
      summary = "Promote a sandbox run to a schedule",
      description =
          "Creates a schedule of the sandbox run's pipeline, scope and tool parameters; the body"
              + " gives its name and timing (pipeline and scope, if given, are ignored).")
  @PostMapping("/api/runs/{id}/promote-to-schedule")
  @ResponseStatus(HttpStatus.CREATED)
  ResponseEntity<ScheduleView> promoteToSchedule(
      @PathVariable long id,
      @RequestBody ScheduleBody body,
      @Parameter(hidden = true) @Nullable Principal principal) {
    ScheduleDraft draft =
        promotion.toScheduleDraft(
            id,
            body.name() == null ? "" : body.name(),
            new ScheduleTiming(
                body.cron(),
                ScheduleBodies.duration("interval", body.interval()),
                body.timeZone() == null ? "UTC" : body.timeZone()),
            ScheduleBodies.overlap(body.overlap()),
            ScheduleBodies.duration("catchupWindow", body.catchupWindow()),
            body.note());
    if (Boolean.TRUE.equals(body.paused())) {
      draft = draft.withPaused(true);
    }
    long scheduleId = promotion.toSchedule(id, draft, CurrentUser.name(principal));
    return created(scheduleId);
  }

  private ResponseEntity<ScheduleView> created(long id) {
    URI location =
        ServletUriComponentsBuilder.fromCurrentContextPath()
            .path("/api/schedules/{id}")
            .buildAndExpand(id)
            .toUri();
    return ResponseEntity.created(location).body(view(id));
  }

  private ScheduleView view(long id) {
    return ScheduleView.of(schedules.status(id), schedules.runs(id, RUNS_SHOWN));
  }
}
