package dev.darkroom.web.schedules;

import dev.darkroom.core.collection.CollectionRepository;
import dev.darkroom.core.query.QueryParseException;
import dev.darkroom.core.run.InvalidRunRequestException;
import dev.darkroom.core.tool.PipelineRegistry;
import dev.darkroom.orchestrator.schedules.InvalidScheduleException;
import dev.darkroom.orchestrator.schedules.RunPromotion;
import dev.darkroom.orchestrator.schedules.ScheduleDefinition;
import dev.darkroom.orchestrator.schedules.ScheduleOverlap;
import dev.darkroom.orchestrator.schedules.ScheduleReconciliation;
import dev.darkroom.orchestrator.schedules.ScheduleService;
import dev.darkroom.orchestrator.schedules.ScheduleTiming;
import dev.darkroom.orchestrator.schedules.SchedulesNeedTemporalServerException;
import dev.darkroom.orchestrator.temporal.TemporalUnavailableException;
import dev.darkroom.web.runs.CurrentUser;
import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The schedule pages: the list (with orphans found at start-up), the create/edit form, and one
 * schedule's page — next firings and firings going (from Temporal, refreshed by htmx), past runs
 * with their outcome, and pause / unpause / trigger / delete. Also the run page's promote button.
 */
@Controller
class SchedulePagesController {

  static final String LIST_VIEW = "schedules/list";
  static final String FORM_VIEW = "schedules/form";
  static final String SCHEDULE_VIEW = "schedules/schedule";
  static final String STATUS_FRAGMENT = "schedules/schedule :: status";
  static final int RUNS_SHOWN = 20;
  static final int COLLECTIONS_SHOWN = 500;

  private final ScheduleService schedules;
  private final ScheduleReconciliation reconciliation;
  private final RunPromotion promotion;
  private final PipelineRegistry pipelines;
  private final CollectionRepository collections;

  SchedulePagesController(
      ScheduleService schedules,
      ScheduleReconciliation reconciliation,
      RunPromotion promotion,
      PipelineRegistry pipelines,
      CollectionRepository collections) {
    this.schedules = schedules;
    this.reconciliation = reconciliation;
    this.promotion = promotion;
    this.pipelines = pipelines;
    this.collections = collections;
  }

  @GetMapping("/schedules")
  String list(Model model) {
    model.addAttribute("schedules", schedules.list());
    model.addAttribute("orphans", reconciliation.orphans());
    model.addAttribute("available", schedules.available());
    return LIST_VIEW;
  }

  @GetMapping("/schedules/new")
  String newForm(@RequestParam(required = false) @Nullable Long fromRun, Model model) {
    ScheduleForm form = ScheduleForm.empty();
    if (fromRun != null) {
      form =
          ScheduleForm.fromDraft(
              promotion.toScheduleDraft(
                  fromRun,
                  "from run " + fromRun,
                  ScheduleTiming.every(Duration.ofDays(1)),
                  ScheduleOverlap.SKIP,
                  null,
                  null),
              fromRun);
    }
    return form(model, form, null);
  }

  @PostMapping("/schedules")
  String create(
      @ModelAttribute ScheduleForm form,
      Model model,
      HttpServletResponse response,
      @Nullable Principal principal,
      RedirectAttributes redirect) {
    try {
      long id;
      if (form.fromRun() != null) {
        id = promotion.toSchedule(form.fromRun(), form.toDraft(), CurrentUser.name(principal));
      } else {
        id = schedules.create(form.toDraft(), CurrentUser.name(principal));
      }
      redirect.addFlashAttribute("message", "Created schedule '" + form.name() + "'");
      return "redirect:/schedules/" + id;
    } catch (RuntimeException e) {
      return refused(e, form, null, model, response);
    }
  }

  @GetMapping("/schedules/{id}")
  String schedule(@PathVariable long id, Model model) {
    addStatus(id, model);
    return SCHEDULE_VIEW;
  }

  /** The part of the schedule page htmx refreshes: Temporal's view and the runs. */
  @GetMapping("/schedules/{id}/status")
  String status(@PathVariable long id, Model model) {
    addStatus(id, model);
    return STATUS_FRAGMENT;
  }

  @GetMapping("/schedules/{id}/edit")
  String editForm(@PathVariable long id, Model model) {
    return form(model, ScheduleForm.of(schedules.get(id)), id);
  }

  @PostMapping("/schedules/{id}")
  String update(
      @PathVariable long id,
      @ModelAttribute ScheduleForm form,
      Model model,
      HttpServletResponse response,
      RedirectAttributes redirect) {
    try {
      schedules.update(id, form.toDraft());
      redirect.addFlashAttribute("message", "Saved schedule '" + form.name() + "'");
      return "redirect:/schedules/" + id;
    } catch (RuntimeException e) {
      return refused(e, form, id, model, response);
    }
  }

  @PostMapping("/schedules/{id}/pause")
  String pause(@PathVariable long id, RedirectAttributes redirect) {
    return act(id, redirect, () -> schedules.pause(id), "Paused: no firings until unpaused");
  }

  @PostMapping("/schedules/{id}/unpause")
  String unpause(@PathVariable long id, RedirectAttributes redirect) {
    return act(id, redirect, () -> schedules.unpause(id), "Unpaused");
  }

  @PostMapping("/schedules/{id}/trigger")
  String trigger(@PathVariable long id, RedirectAttributes redirect) {
    return act(
        id,
        redirect,
        () -> schedules.trigger(id),
        "Triggered: a run starts in a moment (unless the overlap policy holds it back)");
  }

  @PostMapping("/schedules/{id}/delete")
  String delete(@PathVariable long id, RedirectAttributes redirect) {
    try {
      ScheduleDefinition definition = schedules.get(id);
      schedules.delete(id);
      redirect.addFlashAttribute("message", "Deleted schedule '" + definition.name() + "'");
      return "redirect:/schedules";
    } catch (SchedulesNeedTemporalServerException | TemporalUnavailableException e) {
      redirect.addFlashAttribute("error", e.getMessage());
      return "redirect:/schedules/" + id;
    }
  }

  /** The run page's promote button: a production run like this sandbox run. */
  @PostMapping("/runs/{id}/promote")
  String promote(
      @PathVariable long id, @Nullable Principal principal, RedirectAttributes redirect) {
    try {
      long runId = promotion.toProductionRun(id, CurrentUser.name(principal));
      return "redirect:/runs/" + runId;
    } catch (InvalidRunRequestException | TemporalUnavailableException e) {
      redirect.addFlashAttribute("error", e.getMessage());
      return "redirect:/runs/" + id;
    }
  }

  private void addStatus(long id, Model model) {
    model.addAttribute("status", schedules.status(id));
    model.addAttribute("runs", schedules.runs(id, RUNS_SHOWN));
  }

  private String act(long id, RedirectAttributes redirect, Runnable action, String done) {
    try {
      action.run();
      redirect.addFlashAttribute("message", done);
    } catch (SchedulesNeedTemporalServerException | TemporalUnavailableException e) {
      redirect.addFlashAttribute("error", e.getMessage());
    }
    return "redirect:/schedules/" + id;
  }

  private String refused(
      RuntimeException e,
      ScheduleForm form,
      @Nullable Long id,
      Model model,
      HttpServletResponse response) {
    HttpStatus status;
    if (e instanceof InvalidScheduleException
        || e instanceof QueryParseException
        || e instanceof InvalidRunRequestException) {
      status = HttpStatus.BAD_REQUEST;
    } else if (e instanceof SchedulesNeedTemporalServerException) {
      status = HttpStatus.CONFLICT;
    } else if (e instanceof TemporalUnavailableException) {
      status = HttpStatus.SERVICE_UNAVAILABLE;
    } else {
      throw e;
    }
    response.setStatus(status.value());
    return form(model, form, id, e.getMessage());
  }

  private String form(Model model, ScheduleForm form, @Nullable Long id) {
    return form(model, form, id, null);
  }

  private String form(Model model, ScheduleForm form, @Nullable Long id, @Nullable String error) {
    model.addAttribute("form", form);
    model.addAttribute("scheduleId", id);
    model.addAttribute("formError", error);
    model.addAttribute("pipelines", pipelines.ids());
    model.addAttribute("collections", collections.list(Long.MAX_VALUE, COLLECTIONS_SHOWN));
    model.addAttribute("available", schedules.available());
    return FORM_VIEW;
  }
}
