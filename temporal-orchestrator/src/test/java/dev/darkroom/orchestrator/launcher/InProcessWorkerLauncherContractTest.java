package dev.darkroom.orchestrator.launcher;

import dev.darkroom.core.run.WorkerLauncher;
import org.springframework.beans.factory.annotation.Autowired;

/** The {@link WorkerLauncher} contract for the in-process launcher. */
class InProcessWorkerLauncherContractTest extends WorkerLauncherContractTest {

  @Autowired InProcessWorkerLauncher launcher;

  @Override
  protected WorkerLauncher launcher() {
    return launcher;
  }
}
