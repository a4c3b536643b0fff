package dev.darkroom.orchestrator.launcher.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.batch.pipeline.PartitionJobService;
import dev.darkroom.batch.pipeline.RunCreation;
import dev.darkroom.batch.sample.SampleArchive;
import dev.darkroom.batch.scan.ScanService;
import dev.darkroom.batch.testing.SampleArchives;
import dev.darkroom.core.run.PartitionHandle;
import dev.darkroom.core.run.PartitionLaunch;
import dev.darkroom.core.run.PartitionProgress;
import dev.darkroom.core.run.PartitionRepository;
import dev.darkroom.core.run.PartitionStatus;
import dev.darkroom.core.run.PartitionWorkerCommand;
import dev.darkroom.core.run.PlanResult;
import dev.darkroom.core.run.RunPlanning;
import dev.darkroom.core.run.RunPolicy;
import dev.darkroom.core.run.RunRequest;
import dev.darkroom.core.run.WorkerLauncher;
import dev.darkroom.orchestrator.launcher.RunsConfiguration;
import dev.darkroom.testsupport.TestDatabase;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The Kubernetes launcher against fabric8's mock API server in CRUD mode (Jobs and pods are stored,
 * watched and updated like in a cluster, but nothing runs them: the tests play the Job controller
 * and the kubelet by writing pod and Job status) and real PostgreSQL.
 */
@SpringBootTest(classes = KubernetesWorkerLauncherTest.App.class)
@EnableKubernetesMockClient(crud = true)
class KubernetesWorkerLauncherTest {

  static final SampleArchive ARCHIVE = SampleArchives.inTemp("darkroom-k8s-launcher");
  static final String NAMESPACE = "darkroom";

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(RunsConfiguration.class)
  static class App {}

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    TestDatabase.create("KubernetesWorkerLauncherTest").registerWith(registry);
    registry.add("darkroom.archive.roots", () -> ARCHIVE.root().toString());
    registry.add("darkroom.data-dir", () -> ARCHIVE.root().resolveSibling("data").toString());
    registry.add("darkroom.runs.chunk-size", () -> "3");
  }

  KubernetesMockServer server;
  KubernetesClient client;

  @Autowired PartitionJobService jobs;
  @Autowired PartitionRepository partitions;
  @Autowired ScanService scans;
  @Autowired RunCreation creation;
  @Autowired RunPlanning planning;
  @Autowired JdbcClient jdbc;

  final List<KubernetesWorkerLauncher> launchers = new ArrayList<>();

  @BeforeEach
  void catalogTheArchive() {
    scans.scan(false, p -> {});
  }

  @AfterEach
  void closeLaunchers() {
    launchers.forEach(KubernetesWorkerLauncher::close);
  }

  @Test
  void launchCreatesAJobRunningTheWorkerCommandSizedByThePipelinesProfile() {
    ResourceProfile gpuProfile =
        new ResourceProfile(
            "2",
            "3Gi",
            1,
            Map.of("darkroom.dev/gpu", "true"),
            List.of(
                new ResourceProfile.Toleration("nvidia.com/gpu", "Exists", null, "NoSchedule")));
    KubernetesWorkerLauncher launcher =
        launcher(properties(Duration.ofMinutes(3), Map.of("images-basic", gpuProfile)));
    long runId = plannedRun();
    PartitionLaunch launch = launch(runId);

    PartitionHandle handle = launcher.launch(launch);

    String name = "darkroom-worker-r" + runId + "-p0-a1";
    assertThat(handle).isEqualTo(new PartitionHandle("kubernetes", runId, 0, name));
    Job job = job(name);
    assertThat(job.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/name", "darkroom-worker")
        .containsEntry("app.kubernetes.io/instance", name)
        .containsEntry("app.kubernetes.io/component", "worker")
        .containsEntry("app.kubernetes.io/part-of", "darkroom")
        .containsEntry("app.kubernetes.io/managed-by", "darkroom-server")
        .containsEntry("darkroom.dev/run", Long.toString(runId))
        .containsEntry("darkroom.dev/partition", "0")
        .containsEntry("darkroom.dev/attempt", "1");
    assertThat(job.getMetadata().getAnnotations())
        .containsEntry("darkroom.dev/pipeline", "images-basic@1");
    JobSpec spec = job.getSpec();
    assertThat(spec.getBackoffLimit()).isZero();
    assertThat(spec.getTtlSecondsAfterFinished()).isEqualTo(3600);
    assertThat(spec.getActiveDeadlineSeconds()).isEqualTo(12 * 3600L);
    assertThat(spec.getTemplate().getMetadata().getLabels())
        .isEqualTo(job.getMetadata().getLabels());
    var pod = spec.getTemplate().getSpec();
    assertThat(pod.getRestartPolicy()).isEqualTo("Never");
    assertThat(pod.getServiceAccountName()).isEqualTo("darkroom-worker");
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    assertThat(pod.getNodeSelector()).isEqualTo(Map.of("darkroom.dev/gpu", "true"));
    assertThat(pod.getTolerations())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.getKey()).isEqualTo("nvidia.com/gpu");
              assertThat(t.getOperator()).isEqualTo("Exists");
              assertThat(t.getEffect()).isEqualTo("NoSchedule");
            });
    Container worker = pod.getContainers().get(0);
    assertThat(worker.getImage()).isEqualTo("darkroom/server:0.1.0");
    assertThat(worker.getCommand())
        .isEqualTo(KubernetesLauncherProperties.defaults().workerCommand());
    assertThat(worker.getArgs()).isEqualTo(PartitionWorkerCommand.arguments(launch, 1));
    assertThat(worker.getArgs())
        .containsExactly(
            "partition",
            "--run=" + runId,
            "--partition=0",
            "--attempt=1",
            "--darkroom.archive.roots=/archive/photos");
    assertThat(worker.getResources().getRequests())
        .isEqualTo(Map.of("cpu", new Quantity("2"), "memory", new Quantity("3Gi")));
    assertThat(worker.getResources().getLimits())
        .isEqualTo(Map.of("memory", new Quantity("3Gi"), "nvidia.com/gpu", new Quantity("1")));
    assertThat(worker.getEnvFrom())
        .extracting(
            e ->
                e.getSecretRef() != null
                    ? e.getSecretRef().getName()
                    : e.getConfigMapRef().getName())
        .containsExactly("darkroom-config", "darkroom-secrets");
    assertThat(worker.getVolumeMounts())
        .anySatisfy(
            m -> {
              assertThat(m.getName()).isEqualTo("archive");
              assertThat(m.getMountPath()).isEqualTo("/archive/photos");
              assertThat(m.getReadOnly()).isTrue();
            });
    assertThat(pod.getVolumes())
        .filteredOn(v -> v.getName().equals("archive"))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.getPersistentVolumeClaim().getClaimName()).isEqualTo("darkroom-archive");
              assertThat(v.getPersistentVolumeClaim().getReadOnly()).isTrue();
            });
    RunPartitionView partition = partition(runId);
    assertThat(partition.launcher()).isEqualTo("kubernetes");
    assertThat(partition.status()).isEqualTo(PartitionStatus.RUNNING);
    assertThat(partition.launchAttempts()).isEqualTo(1);
    assertThat(launcher.progress(handle).state()).isEqualTo(PartitionProgress.State.RUNNING);
  }

  @Test
  void anOomKilledPodLandsOnThePartitionsLastError() throws Exception {
    KubernetesWorkerLauncher launcher = launcher(properties(Duration.ofMinutes(3), Map.of()));
    long runId = plannedRun();
    PartitionHandle handle = launcher.launch(launch(runId));

    Pod pod = startPod(handle.reference());
    terminate(pod, "OOMKilled", 137);

    PartitionProgress end = awaitEnd(launcher, handle);
    assertThat(end.state()).isEqualTo(PartitionProgress.State.FAILED);
    assertThat(end.error())
        .startsWith(WorkerLauncher.OUT_OF_MEMORY)
        .contains("OOMKilled with memory limit 1Gi")
        .contains("1 of 3 times in a row");
    assertThat(partition(runId).lastError()).isEqualTo(end.error());
  }

  @Test
  void aPodsJvmExitingThreeWithoutAStopRequestRanOutOfHeapAndWasNotStopped() throws Exception {
    // given a launched partition nobody asked to stop
    KubernetesWorkerLauncher launcher = launcher(properties(Duration.ofMinutes(3), Map.of()));
    long runId = plannedRun();
    PartitionHandle handle = launcher.launch(launch(runId));

    // when its JVM exits 3 (-XX:+ExitOnOutOfMemoryError) without recording an end
    terminate(startPod(handle.reference()), "Error", PartitionWorkerCommand.EXIT_STOPPED);

    // then the attempt ran out of memory, counted as such, not a stop
    PartitionProgress end = awaitEnd(launcher, handle);
    assertThat(end.state()).isEqualTo(PartitionProgress.State.FAILED);
    assertThat(end.error())
        .startsWith(WorkerLauncher.OUT_OF_MEMORY)
        .contains("java.lang.OutOfMemoryError with memory limit 1Gi");
  }

  @Test
  void aWorkerExitCodeLandsOnThePartitionsLastErrorWithoutWaitingForAPoll() throws Exception {
    KubernetesWorkerLauncher launcher = launcher(properties(Duration.ofMinutes(3), Map.of()));
    long runId = plannedRun();
    PartitionHandle handle = launcher.launch(launch(runId));

    terminate(startPod(handle.reference()), "Error", 1);

    // Nobody polls: the pod informer notices the end and records it.
    awaitCondition(() -> partition(runId).status() == PartitionStatus.FAILED);
    assertThat(partition(runId).lastError()).contains("exited with code 1 (Error)");
  }

  @Test
  void anEvictedPodLandsOnThePartitionsLastError() throws Exception {
    KubernetesWorkerLauncher launcher = launcher(properties(Duration.ofMinutes(3), Map.of()));
    long runId = plannedRun();
    PartitionHandle handle = launcher.launch(launch(runId));
    Pod pod = startPod(handle.reference());

    pod.getStatus().setPhase("Failed");
    pod.getStatus().setReason("Evicted");
    pod.getStatus().setMessage("The node was low on resource: memory.");
    client.pods().inNamespace(NAMESPACE).resource(pod).updateStatus();

    PartitionProgress end = awaitEnd(launcher, handle);
    assertThat(end.state()).isEqualTo(PartitionProgress.State.FAILED);
    assertThat(end.error()).contains("was evicted").contains("low on resource: memory");
  }

  @Test
  void aJobPastItsDeadlineLandsOnThePartitionsLastError() throws Exception {
    KubernetesWorkerLauncher launcher = launcher(properties(Duration.ofMinutes(3), Map.of()));
    long runId = plannedRun();
    PartitionHandle handle = launcher.launch(launch(runId));

    failJob(
        handle.reference(), "DeadlineExceeded", "Job was active longer than specified deadline");

    PartitionProgress end = awaitEnd(launcher, handle);
    assertThat(end.state()).isEqualTo(PartitionProgress.State.FAILED);
    assertThat(end.error()).contains("ran longer than its deadline (PT12H");
  }

  @Test
  void aPodThatCannotPullItsImageFailsTheAttemptAfterTheWaitAndItsJobIsDeleted() throws Exception {
    KubernetesWorkerLauncher launcher = launcher(properties(Duration.ofSeconds(1), Map.of()));
    long runId = plannedRun();
    PartitionHandle handle = launcher.launch(launch(runId));
    Pod pod = startPod(handle.reference());

    pod.getStatus()
        .getContainerStatuses()
        .get(0)
        .getState()
        .setWaiting(
            new io.fabric8.kubernetes.api.model.ContainerStateWaiting(
                "Back-off pulling image \"darkroom/server:0.1.0\"", "ImagePullBackOff"));
    pod.getStatus().getContainerStatuses().get(0).getState().setRunning(null);
    client.pods().inNamespace(NAMESPACE).resource(pod).updateStatus();

    assertThat(launcher.progress(handle).state()).isEqualTo(PartitionProgress.State.RUNNING);
    PartitionProgress end = awaitEnd(launcher, handle);
    assertThat(end.state()).isEqualTo(PartitionProgress.State.FAILED);
    assertThat(end.error())
        .contains("could not start its container")
        .contains("ImagePullBackOff")
        .contains("darkroom.launcher.kubernetes.image");
    awaitCondition(() -> jobOrNull(handle.reference()) == null);
  }

  @Test
  void aRetriedLaunchCreatesAttemptTwoWithTheSameJobParameters() throws Exception {
    KubernetesWorkerLauncher launcher = launcher(properties(Duration.ofMinutes(3), Map.of()));
    long runId = plannedRun();
    PartitionHandle first = launcher.launch(launch(runId));
    terminate(startPod(first.reference()), "Error", 1);
    failJob(first.reference(), "BackoffLimitExceeded", "Job has reached the specified backoff");
    assertThat(awaitEnd(launcher, first).state()).isEqualTo(PartitionProgress.State.FAILED);

    PartitionHandle second = launcher.launch(launch(runId));

    assertThat(second.reference()).isEqualTo("darkroom-worker-r" + runId + "-p0-a2");
    assertThat(launcher.progress(second).state()).isEqualTo(PartitionProgress.State.RUNNING);
    assertThat(partition(runId).lastError()).isNull();
    Job one = job(first.reference());
    Job two = job(second.reference());
    assertThat(container(two).getArgs())
        .isEqualTo(PartitionWorkerCommand.arguments(launch(runId), 2));
    // Apart from the attempt, attempt 2 is attempt 1 again.
    Job twoAsOne =
        PartitionJobs.render(launch(runId), 1, properties(Duration.ofMinutes(3), Map.of()));
    assertThat(two.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
        .isEqualTo(
            container(twoAsOne).getArgs().stream()
                .map(a -> a.equals("--attempt=1") ? "--attempt=2" : a)
                .toList());
    assertThat(withoutAttempt(two)).isEqualTo(withoutAttempt(one));
    assertThat(partition(runId).launchAttempts()).isEqualTo(2);
  }

  @Test
  void stopDeletesTheJobAndThePartitionEndsStopped() throws Exception {
    KubernetesWorkerLauncher launcher = launcher(properties(Duration.ofMinutes(3), Map.of()));
    long runId = plannedRun();
    PartitionHandle handle = launcher.launch(launch(runId));
    startPod(handle.reference());

    launcher.stop(handle);

    // The worker had not started its Batch job, so there is nothing to wait for.
    awaitCondition(() -> jobOrNull(handle.reference()) == null);
    PartitionProgress end = awaitEnd(launcher, handle);
    assertThat(end.state()).isEqualTo(PartitionProgress.State.STOPPED);
    assertThat(end.error()).contains("stopped on request");
  }

  @Test
  void stopAsksARunningWorkerToStopAtAChunkBoundaryAndDeletesItsJobOnceItEnded() throws Exception {
    KubernetesWorkerLauncher launcher =
        launcher(properties(Duration.ofMinutes(3), Duration.ofMinutes(10), Map.of()));
    long runId = plannedRun();
    PartitionHandle handle = launcher.launch(launch(runId));
    startPod(handle.reference());
    // The pod's worker, played by this JVM: the PartitionJobService.run a worker process calls,
    // with
    // the shared job repository in the same PostgreSQL.
    CountDownLatch firstCommit = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread worker =
        new Thread(
            () ->
                jobs.run(
                    runId,
                    0,
                    "kubernetes",
                    progress -> {
                      firstCommit.countDown();
                      await(release);
                    },
                    id -> {}));
    worker.start();
    assertThat(firstCommit.await(60, TimeUnit.SECONDS)).isTrue();

    launcher.stop(handle);
    release.countDown();

    PartitionProgress end = awaitEnd(launcher, handle);
    assertThat(end.state()).isEqualTo(PartitionProgress.State.STOPPED);
    assertThat(end.error()).isEqualTo("stopped at a chunk boundary on request");
    assertThat(end.unitsDone() + end.unitsFailed()).isPositive().isLessThan(end.unitsTotal());
    // Deleted because the worker ended, not because the 10 minutes' grace ran out.
    awaitCondition(() -> jobOrNull(handle.reference()) == null);
    worker.join(TimeUnit.SECONDS.toMillis(60));
  }

  @Test
  void aRestartedServerReattachesToTheRunningJobInsteadOfStartingAnother() throws Exception {
    KubernetesWorkerLauncher before = launcher(properties(Duration.ofMinutes(3), Map.of()));
    long runId = plannedRun();
    PartitionHandle launched = before.launch(launch(runId));
    startPod(launched.reference());
    before.close();

    KubernetesWorkerLauncher after = launcher(properties(Duration.ofMinutes(3), Map.of()));
    PartitionHandle reattached = after.launch(launch(runId));

    assertThat(reattached).isEqualTo(launched);
    assertThat(partitionJobs(runId)).hasSize(1);
    assertThat(partition(runId).launchAttempts()).isEqualTo(1);
    assertThat(after.progress(reattached).state()).isEqualTo(PartitionProgress.State.RUNNING);
    assertThat(after.watchedJob(runId, 0)).isEqualTo(launched.reference());
  }

  @Test
  void aJobWhoseWorkerRecordedItsEndIsNotReattachedButFollowedByTheNextAttempt() throws Exception {
    // given a worker that recorded its stop, whose pod and Job the kubelet has not marked
    // finished yet (the worker is still exiting)
    KubernetesWorkerLauncher launcher = launcher(properties(Duration.ofMinutes(3), Map.of()));
    long runId = plannedRun();
    PartitionHandle first = launcher.launch(launch(runId));
    startPod(first.reference());
    partitions.markFinished(
        runId, 0, PartitionStatus.STOPPED, "stopped at a chunk boundary on request");

    // when the partition is launched again
    PartitionHandle second = launcher.launch(launch(runId));

    // then that is attempt 2, running, not the exiting attempt 1 reported as stopped again
    assertThat(second.reference()).isEqualTo("darkroom-worker-r" + runId + "-p0-a2");
    assertThat(launcher.progress(second).state()).isEqualTo(PartitionProgress.State.RUNNING);
    assertThat(partition(runId).launchAttempts()).isEqualTo(2);
  }

  @Test
  void aJobDeletedBehindTheLaunchersBackIsAJobLost() throws Exception {
    KubernetesWorkerLauncher launcher = launcher(properties(Duration.ofMinutes(3), Map.of()));
    long runId = plannedRun();
    PartitionHandle handle = launcher.launch(launch(runId));

    client.batch().v1().jobs().inNamespace(NAMESPACE).withName(handle.reference()).delete();

    PartitionProgress end = awaitEnd(launcher, handle);
    assertThat(end.state()).isEqualTo(PartitionProgress.State.FAILED);
    assertThat(end.error()).startsWith(WorkerLauncher.JOB_LOST).contains(handle.reference());
  }

  // --- the tests play the Job controller and the kubelet ---

  /** A running pod of the Job, labelled as the Job controller labels it (the template's labels). */
  private Pod startPod(String jobName) {
    Job job = job(jobName);
    Map<String, String> labels = new java.util.LinkedHashMap<>(job.getMetadata().getLabels());
    labels.put("job-name", jobName);
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(jobName + "-x7k2p")
            .withNamespace(NAMESPACE)
            .withLabels(labels)
            .endMetadata()
            .withSpec(job.getSpec().getTemplate().getSpec())
            .withNewStatus()
            .withPhase("Running")
            .addNewContainerStatus()
            .withName("worker")
            .withNewState()
            .withNewRunning()
            .endRunning()
            .endState()
            .endContainerStatus()
            .endStatus()
            .build();
    return client.pods().inNamespace(NAMESPACE).resource(pod).create();
  }

  private void terminate(Pod pod, String reason, int exitCode) {
    Pod current = client.pods().inNamespace(NAMESPACE).withName(pod.getMetadata().getName()).get();
    current.getStatus().setPhase("Failed");
    var state = current.getStatus().getContainerStatuses().get(0).getState();
    state.setRunning(null);
    state.setTerminated(
        new io.fabric8.kubernetes.api.model.ContainerStateTerminatedBuilder()
            .withReason(reason)
            .withExitCode(exitCode)
            .build());
    client.pods().inNamespace(NAMESPACE).resource(current).updateStatus();
  }

  private void failJob(String name, String reason, String message) {
    Job job =
        new JobBuilder(job(name))
            .withNewStatus()
            .withFailed(1)
            .addNewCondition()
            .withType("Failed")
            .withStatus("True")
            .withReason(reason)
            .withMessage(message)
            .endCondition()
            .endStatus()
            .build();
    client.batch().v1().jobs().inNamespace(NAMESPACE).resource(job).updateStatus();
  }

  // --- helpers ---

  private KubernetesWorkerLauncher launcher(KubernetesLauncherProperties properties) {
    KubernetesWorkerLauncher launcher =
        new KubernetesWorkerLauncher(client, properties, jobs, partitions, Clock.systemUTC());
    launchers.add(launcher);
    return launcher;
  }

  private static KubernetesLauncherProperties properties(
      Duration imagePullWait, Map<String, ResourceProfile> profiles) {
    return properties(imagePullWait, Duration.ofSeconds(5), profiles);
  }

  private static KubernetesLauncherProperties properties(
      Duration imagePullWait, Duration stopGrace, Map<String, ResourceProfile> profiles) {
    KubernetesLauncherProperties d = KubernetesLauncherProperties.defaults();
    return new KubernetesLauncherProperties(
        true,
        NAMESPACE,
        d.image(),
        d.imagePullPolicy(),
        d.workerCommand(),
        d.javaOptions(),
        d.serviceAccount(),
        d.configMap(),
        d.secret(),
        d.archiveClaim(),
        d.archiveMountPath(),
        d.ttlAfterFinished(),
        d.activeDeadline(),
        imagePullWait,
        stopGrace,
        d.defaultProfile(),
        profiles);
  }

  private long plannedRun() {
    long runId =
        creation.create(RunRequest.allAssets("images-basic", RunPolicy.production(), "test"));
    PlanResult plan = planning.plan(runId);
    assertThat(plan.partitions()).isEqualTo(1);
    return runId;
  }

  private static PartitionLaunch launch(long runId) {
    return new PartitionLaunch(
        runId, 0, "images-basic", "1", Map.of("darkroom.archive.roots", "/archive/photos"));
  }

  private Job job(String name) {
    Job job = jobOrNull(name);
    assertThat(job).as("Job " + name).isNotNull();
    return job;
  }

  private Job jobOrNull(String name) {
    return client.batch().v1().jobs().inNamespace(NAMESPACE).withName(name).get();
  }

  private List<Job> partitionJobs(long runId) {
    return client
        .batch()
        .v1()
        .jobs()
        .inNamespace(NAMESPACE)
        .withLabels(PartitionJobs.partitionSelector(runId, 0))
        .list()
        .getItems();
  }

  private static Container container(Job job) {
    return job.getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  /** The Job's spec with every trace of the attempt number taken out. */
  private static JobSpec withoutAttempt(Job job) {
    Job copy = new JobBuilder(job).build();
    JobSpec spec = copy.getSpec();
    spec.getTemplate().getMetadata().setLabels(Map.of());
    spec.getTemplate()
        .getSpec()
        .getContainers()
        .get(0)
        .setArgs(
            container(copy).getArgs().stream().filter(a -> !a.startsWith("--attempt=")).toList());
    spec.setSelector(null);
    return spec;
  }

  record RunPartitionView(
      String launcher, PartitionStatus status, String lastError, int launchAttempts) {}

  private RunPartitionView partition(long runId) {
    return jdbc.sql(
            "SELECT launcher, status, last_error, launch_attempts FROM run_partition"
                + " WHERE run_id = ? AND partition_no = 0")
        .param(runId)
        .query(
            (rs, row) ->
                new RunPartitionView(
                    rs.getString(1),
                    PartitionStatus.valueOf(rs.getString(2)),
                    rs.getString(3),
                    rs.getInt(4)))
        .single();
  }

  private static PartitionProgress awaitEnd(WorkerLauncher launcher, PartitionHandle handle)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    PartitionProgress progress = launcher.awaitProgress(handle, Duration.ofMillis(200));
    while (!progress.finished() && System.nanoTime() < deadline) {
      progress = launcher.awaitProgress(handle, Duration.ofMillis(200));
    }
    return progress;
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void awaitCondition(Supplier<Boolean> condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!condition.get() && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(condition.get()).as("condition within 60s").isTrue();
  }
}
