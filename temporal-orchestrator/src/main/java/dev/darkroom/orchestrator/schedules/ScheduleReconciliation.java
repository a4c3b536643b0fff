package dev.darkroom.orchestrator.schedules;

import dev.darkroom.orchestrator.temporal.TemporalMode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Start-up reconciliation of schedules: PostgreSQL's definitions are the truth. Every definition is
 * written to Temporal (created when missing — a deleted dev-server file, a schedule deleted in
 * Temporal's UI — and brought in line when it drifted); Temporal schedules of this installation
 * with no definition are orphans: reported in the log and on the dashboard, never deleted silently
 * (someone may be restoring a database).
 */
public class ScheduleReconciliation implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(ScheduleReconciliation.class);

  /** After the worker factory and run reconciliation. */
  static final int PHASE = Integer.MAX_VALUE - 400;

  /** What one reconciliation did. */
  public record Result(List<Long> created, List<String> orphans) {}

  private final ScheduleRepository schedules;
  private final TemporalSchedules temporal;
  private final TemporalMode mode;
  private volatile List<String> orphans = List.of();
  private volatile boolean running;

  public ScheduleReconciliation(
      ScheduleRepository schedules, TemporalSchedules temporal, TemporalMode mode) {
    this.schedules = schedules;
    this.temporal = temporal;
    this.mode = mode;
  }

  @Override
  public void start() {
    running = true;
    try {
      reconcile();
    } catch (RuntimeException e) {
      // Never keep the server from starting; the next start (or any edit) tries again.
      log.error("Reconciling schedules with Temporal failed; retried at the next start", e);
    }
  }

  /** Writes every definition to Temporal and finds the orphans. */
  public Result reconcile() {
    List<ScheduleDefinition> definitions = schedules.list();
    if (mode == TemporalMode.IN_PROCESS_TEST_SERVER) {
      if (!definitions.isEmpty()) {
        log.warn(
            "{} schedule(s) are defined but will not fire: {}",
            definitions.size(),
            new SchedulesNeedTemporalServerException("executed").getMessage());
      }
      return new Result(List.of(), List.of());
    }
    List<Long> created = new ArrayList<>();
    Set<Long> known = new HashSet<>();
    for (ScheduleDefinition definition : definitions) {
      known.add(definition.id());
      if (temporal.upsert(definition)) {
        created.add(definition.id());
        log.warn(
            "Schedule \"{}\" ({}) was missing in Temporal; created it again",
            definition.name(),
            definition.id());
      }
    }
    List<String> found = new ArrayList<>();
    for (String temporalId : temporal.listIds()) {
      long id = temporalIdToId(temporalId);
      if (!known.contains(id)) {
        found.add(temporalId);
        log.warn(
            "Temporal schedule {} has no definition in PostgreSQL (an orphan): it fires, but its"
                + " firings start no run. Delete it in Temporal (`temporal schedule delete"
                + " --schedule-id {}`) or restore its definition.",
            temporalId,
            temporalId);
      }
    }
    orphans = List.copyOf(found);
    log.info(
        "Schedules reconciled with Temporal: {} defined, {} created again, {} orphan(s)",
        definitions.size(),
        created.size(),
        found.size());
    return new Result(List.copyOf(created), orphans);
  }

  private static long temporalIdToId(String temporalId) {
    return Long.parseLong(temporalId.substring(temporalId.lastIndexOf('-') + 1));
  }

  /** Temporal schedules of this installation without a definition, as of the last start. */
  public List<String> orphans() {
    return orphans;
  }

  @Override
  public void stop() {
    running = false;
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }
}
