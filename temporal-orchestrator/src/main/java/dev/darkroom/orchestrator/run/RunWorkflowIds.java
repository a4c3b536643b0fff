package dev.darkroom.orchestrator.run;

import dev.darkroom.core.installation.InstallationRepository;
import dev.darkroom.core.run.Run;
import java.util.function.Supplier;

/**
 * Workflow ids of runs: {@code darkroom-<installation>-run-<run id>}, for example {@code
 * darkroom-3f2a9c1e7b4d-run-7}, where {@code <installation>} is {@link
 * InstallationRepository#shortId()}. Run ids are unique only within one database; the installation
 * part keeps two databases (a reset one, or two installations on one Temporal namespace) from
 * meeting each other's workflows.
 *
 * <p>The id is computed once per run and stored in {@code run.workflow_id}; a run that has a stored
 * id always uses it ({@link #of(Run)}), so runs started before this scheme (ids {@code run-<id>})
 * keep theirs.
 */
public class RunWorkflowIds {

  public static final String PREFIX = "darkroom-";

  private final Supplier<String> installation;

  public RunWorkflowIds(InstallationRepository installation) {
    this(installation::shortId);
  }

  /**
   * @param installation supplies the installation's short id; called on every new id
   */
  public RunWorkflowIds(Supplier<String> installation) {
    this.installation = installation;
  }

  /** The workflow id a new run gets. */
  public String forRun(long runId) {
    return PREFIX + installation.get() + "-run-" + runId;
  }

  /** The run's stored workflow id, or the one it gets if it has none yet. */
  public String of(Run run) {
    String stored = run.workflowId();
    return stored != null ? stored : forRun(run.id());
  }
}
