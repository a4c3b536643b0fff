package dev.darkroom.orchestrator.schedules;

import dev.darkroom.core.query.AssetQuery;
import dev.darkroom.core.tool.PipelineRegistry;
import dev.darkroom.orchestrator.temporal.TemporalMode;
import dev.darkroom.orchestrator.temporal.TemporalUnavailableException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Creates, edits, pauses, unpauses, triggers and deletes schedules: PostgreSQL first, Temporal
 * second, in one database transaction, so a change Temporal refuses is not kept. The row is locked
 * while Temporal is told, so two edits of one schedule cannot cross. A change whose commit fails
 * after Temporal took it is put right by {@link ScheduleReconciliation} at the next start.
 *
 * <p>On the in-process test server, which has no Schedules, every change throws {@link
 * SchedulesNeedTemporalServerException}; definitions can still be listed and read.
 */
public class ScheduleService {

  private static final Logger log = LoggerFactory.getLogger(ScheduleService.class);
  private static final int DELETE_ATTEMPTS = 3;

  private final ScheduleRepository schedules;
  private final TemporalSchedules temporal;
  private final TemporalMode mode;
  private final PipelineRegistry pipelines;
  private final TransactionTemplate transactions;

  public ScheduleService(
      ScheduleRepository schedules,
      TemporalSchedules temporal,
      TemporalMode mode,
      PipelineRegistry pipelines,
      TransactionTemplate transactions) {
    this.schedules = schedules;
    this.temporal = temporal;
    this.mode = mode;
    this.pipelines = pipelines;
    this.transactions = transactions;
  }

  /** Whether schedules can run here: false on the in-process test server. */
  public boolean available() {
    return mode != TemporalMode.IN_PROCESS_TEST_SERVER;
  }

  public List<ScheduleDefinition> list() {
    return schedules.list();
  }

  /**
   * @throws UnknownScheduleException if no schedule has this id
   */
  public ScheduleDefinition get(long id) {
    return schedules.get(id);
  }

  /**
   * @return the new schedule's id
   * @throws InvalidScheduleException for an unknown pipeline, a taken name, a bad timing
   * @throws dev.darkroom.core.query.QueryParseException for a query that does not parse
   */
  public long create(ScheduleDraft draft, String createdBy) {
    requireServer("created");
    validate(draft);
    long id =
        transactions.execute(
            status -> {
              long created = schedules.create(draft, createdBy);
              temporal.upsert(schedules.get(created));
              return created;
            });
    log.info("Schedule \"{}\" ({}) created by {}", draft.name(), id, createdBy);
    return id;
  }

  /** Replaces the definition; Temporal's schedule follows. */
  public void update(long id, ScheduleDraft draft) {
    requireServer("changed");
    validate(draft);
    transactions.executeWithoutResult(
        status -> {
          schedules.lock(id);
          schedules.update(id, draft);
          temporal.upsert(schedules.get(id));
        });
    log.info("Schedule \"{}\" ({}) changed", draft.name(), id);
  }

  public void pause(long id) {
    setPaused(id, true);
  }

  public void unpause(long id) {
    setPaused(id, false);
  }

  private void setPaused(long id, boolean paused) {
    requireServer(paused ? "paused" : "unpaused");
    transactions.executeWithoutResult(
        status -> {
          schedules.lock(id);
          schedules.setPaused(id, paused);
          ScheduleDefinition definition = schedules.get(id);
          // An upsert rather than pause/unpause alone: a schedule missing in Temporal comes back.
          temporal.upsert(definition);
        });
    log.info("Schedule {} {}", id, paused ? "paused" : "unpaused");
  }

  /**
   * Fires the schedule now, under its overlap policy: while its previous run is still going, SKIP
   * drops this firing and BUFFER_ONE starts it when that run ends.
   */
  public void trigger(long id) {
    requireServer("triggered");
    ScheduleDefinition definition = schedules.get(id);
    temporal.upsert(definition);
    temporal.trigger(id, definition.draft().overlap());
    log.info("Schedule \"{}\" ({}) triggered", definition.name(), id);
  }

  /**
   * Deletes the definition and Temporal's schedule; its runs stay (untagged).
   *
   * <p>The runs are untagged <em>before</em> the schedule row is locked. Run transactions lock a
   * run row first and the schedule row second (tagging a fired run checks its foreign key), so
   * locking the schedule first and then letting {@code ON DELETE SET NULL} reach for the run rows
   * is the opposite order: PostgreSQL found a deadlock there when a schedule was deleted while its
   * run was being planned. A deadlock that still happens (with a run this code does not know of) is
   * retried: PostgreSQL has already rolled back one side, and both sides are safe to repeat.
   */
  public void delete(long id) {
    requireServer("deleted");
    for (int attempt = 1; ; attempt++) {
      try {
        transactions.executeWithoutResult(
            status -> {
              int untagged = schedules.untagRuns(id);
              schedules.lock(id);
              schedules.delete(id);
              temporal.delete(id);
              log.debug("Schedule {}: {} run(s) untagged", id, untagged);
            });
        break;
      } catch (PessimisticLockingFailureException e) {
        if (attempt == DELETE_ATTEMPTS) {
          throw e;
        }
        log.warn("Schedule {}: delete met a lock conflict ({}), retrying", id, e.getMessage());
        pause(Duration.ofMillis(100L * attempt));
      }
    }
    log.info("Schedule {} deleted", id);
  }

  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while retrying a schedule's delete", e);
    }
  }

  /** The definition with Temporal's view of it; a missing view says why instead of throwing. */
  public ScheduleStatus status(long id) {
    ScheduleDefinition definition = schedules.get(id);
    if (!available()) {
      return new ScheduleStatus(
          definition, null, new SchedulesNeedTemporalServerException("executed").getMessage());
    }
    try {
      Optional<ScheduleSnapshot> snapshot = temporal.describe(id);
      return snapshot
          .map(s -> new ScheduleStatus(definition, s, null))
          .orElseGet(
              () ->
                  new ScheduleStatus(
                      definition,
                      null,
                      "Temporal has no schedule for this definition; saving, pausing or"
                          + " unpausing it (or restarting Darkroom) creates it again"));
    } catch (TemporalUnavailableException e) {
      return new ScheduleStatus(definition, null, e.getMessage());
    }
  }

  /** The schedule's runs, newest first. */
  public List<ScheduledRun> runs(long id, int limit) {
    schedules.get(id);
    return schedules.runs(id, limit);
  }

  private void validate(ScheduleDraft draft) {
    if (pipelines.find(draft.pipelineId()).isEmpty()) {
      throw new InvalidScheduleException(
          "unknown pipeline \""
              + draft.pipelineId()
              + "\"; known: "
              + String.join(", ", pipelines.ids()));
    }
    if (draft.collectionQuery() != null) {
      AssetQuery.parse(draft.collectionQuery());
    }
  }

  private void requireServer(String what) {
    if (!available()) {
      throw new SchedulesNeedTemporalServerException(what);
    }
  }
}
