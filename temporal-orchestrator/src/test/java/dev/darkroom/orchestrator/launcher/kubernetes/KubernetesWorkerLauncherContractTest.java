package dev.darkroom.orchestrator.launcher.kubernetes;

import dev.darkroom.core.run.WorkerLauncher;
import dev.darkroom.orchestrator.launcher.PacedWorkerMain;
import dev.darkroom.orchestrator.launcher.WorkerLauncherContractTest;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The {@link WorkerLauncher} contract for the Kubernetes launcher: every partition runs as a Job on
 * fabric8's mock API server, and a {@link MockKubelet} runs each Job's container — the worker
 * command exactly as the Job spec carries it ({@code worker-command} plus {@code
 * PartitionWorkerCommand}'s arguments, here a java command line with the test JVM's class path and
 * {@link PacedWorkerMain}) — as a real child JVM against the test's PostgreSQL, configured from the
 * ConfigMap and Secret the Job names, as a cluster would configure it.
 */
@Import(MockCluster.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class KubernetesWorkerLauncherContractTest extends WorkerLauncherContractTest {

  static final MockCluster.Cluster CLUSTER = MockCluster.start("contract");

  @DynamicPropertySource
  static void kubernetesProperties(DynamicPropertyRegistry registry) {
    MockCluster.register(registry, PacedWorkerMain.class);
  }

  @Autowired KubernetesWorkerLauncher launcher;
  @Autowired ConfigurableEnvironment environment;
  @Autowired DataSource dataSource;

  @BeforeEach
  void configureTheWorkersLikeTheServersSecret() {
    MockCluster.publishWorkerConfiguration(CLUSTER.client(), environment, dataSource);
  }

  @AfterAll
  static void stopTheCluster() {
    CLUSTER.close();
  }

  @Override
  protected WorkerLauncher launcher() {
    return launcher;
  }
}
