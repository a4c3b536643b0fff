package dev.darkroom.orchestrator.launcher.process;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The process launcher's tests with a worker JVM per partition ({@code reuse-workers=false}). */
class OneShotProcessWorkerLauncherTest extends ProcessWorkerLauncherTest {

  @DynamicPropertySource
  static void oneShotProperties(DynamicPropertyRegistry registry) {
    registry.add("darkroom.launcher.process.reuse-workers", () -> "false");
  }

  @Override
  protected boolean reusesWorkers() {
    return false;
  }
}
