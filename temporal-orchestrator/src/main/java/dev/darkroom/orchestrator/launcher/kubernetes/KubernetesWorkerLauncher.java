package dev.darkroom.orchestrator.launcher.kubernetes;

import dev.darkroom.batch.pipeline.PartitionJobService;
import dev.darkroom.core.run.PartitionHandle;
import dev.darkroom.core.run.PartitionLaunch;
import dev.darkroom.core.run.PartitionLaunchException;
import dev.darkroom.core.run.PartitionProgress;
import dev.darkroom.core.run.PartitionRepository;
import dev.darkroom.core.run.PartitionStatus;
import dev.darkroom.core.run.WorkerLauncher;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each attempt at a partition as a {@code batch/v1} Job ({@link PartitionJobs}) whose pod runs
 * the worker command. Temporal owns retries, so a Job never retries ({@code backoffLimit: 0}) and
 * every launch is a new Job named after the partition's launch attempt, counted in PostgreSQL
 * ({@code run_partition.launch_attempts}). A launch that finds a Job of the partition still running
 * (the server restarted while its activity was retried) watches that Job instead of starting a
 * second one.
 *
 * <p>Progress comes from PostgreSQL, the worker's committed chunks, as for every launcher. The
 * Kubernetes API says only how a pod ended when the worker could not say it itself: OOMKilled, an
 * exit code, eviction, the Job's deadline, an image or configuration that keeps the container from
 * starting (after {@code image-pull-wait}); that sentence goes to the partition's {@code
 * last_error}, unless the worker recorded its own end first. Informers on the launcher's Jobs and
 * pods notice those ends without polling. {@link #stop} asks the worker to stop at a chunk boundary
 * through Batch's shared job repository, then deletes the Job once it ended or after {@code
 * stop-grace}. Thread-safe.
 */
public class KubernetesWorkerLauncher implements WorkerLauncher, AutoCloseable {

  public static final String NAME = "kubernetes";

  private static final Logger log = LoggerFactory.getLogger(KubernetesWorkerLauncher.class);
  private static final long RESYNC_MILLIS = TimeUnit.MINUTES.toMillis(5);

  private final KubernetesClient client;
  private final KubernetesLauncherProperties properties;
  private final PartitionJobService jobs;
  private final PartitionRepository partitions;
  private final Clock clock;
  private final ScheduledExecutorService executor;
  private final SharedIndexInformer<Job> jobInformer;
  private final SharedIndexInformer<Pod> podInformer;
  private final int outOfMemoryAttempts;

  /** The Job this launcher watches for each partition ({@code run/partition} to Job name). */
  private final Map<String, String> watched = new ConcurrentHashMap<>();

  /** Completed when the watched Job's partition has ended, by Job name. */
  private final Map<String, CompletableFuture<Void>> ends = new ConcurrentHashMap<>();

  /** When a watched Job's pod was first seen unable to start its container, by Job name. */
  private final Map<String, Instant> stuckSince = new ConcurrentHashMap<>();

  /**
   * Jobs someone asked to stop: a Job deleted after that is a stopped partition, not a lost one.
   */
  private final Set<String> stopRequested = ConcurrentHashMap.newKeySet();

  public KubernetesWorkerLauncher(
      KubernetesClient client,
      KubernetesLauncherProperties properties,
      PartitionJobService jobs,
      PartitionRepository partitions,
      Clock clock) {
    this(client, properties, jobs, partitions, clock, 3);
  }

  /**
   * @param outOfMemoryAttempts attempts of a partition whose pod may run out of memory in a row
   *     before the partition is given up ({@code darkroom.runs.out-of-memory-attempts})
   */
  public KubernetesWorkerLauncher(
      KubernetesClient client,
      KubernetesLauncherProperties properties,
      PartitionJobService jobs,
      PartitionRepository partitions,
      Clock clock,
      int outOfMemoryAttempts) {
    this.outOfMemoryAttempts = outOfMemoryAttempts;
    this.client = client;
    this.properties = properties;
    this.jobs = jobs;
    this.partitions = partitions;
    this.clock = clock;
    this.executor =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "kubernetes-launcher");
              thread.setDaemon(true);
              return thread;
            });
    this.jobInformer =
        start(
            client
                .batch()
                .v1()
                .jobs()
                .inNamespace(properties.namespace())
                .withLabel(PartitionJobs.LABEL_MANAGED_BY, PartitionJobs.MANAGED_BY)
                .runnableInformer(RESYNC_MILLIS));
    this.podInformer =
        start(
            client
                .pods()
                .inNamespace(properties.namespace())
                .withLabel(PartitionJobs.LABEL_MANAGED_BY, PartitionJobs.MANAGED_BY)
                .runnableInformer(RESYNC_MILLIS));
  }

  /**
   * Starts an informer without waiting for it: an API server that is away at start-up must not keep
   * the server from starting. The informers only hasten what the orchestrator's polls of {@link
   * #progress} find anyway, so they retry for as long as it takes.
   */
  private <T extends HasMetadata> SharedIndexInformer<T> start(SharedIndexInformer<T> informer) {
    informer.addEventHandler(new Changes<T>());
    informer.exceptionHandler(
        (started, failure) -> {
          log.warn(
              "Watching partition Jobs in Kubernetes failed, retrying: {}", failure.toString());
          return true;
        });
    informer.start();
    return informer;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public PartitionHandle launch(PartitionLaunch launch) {
    long runId = launch.runId();
    int partitionNo = launch.partitionNo();
    List<Job> existing;
    try {
      existing =
          client
              .batch()
              .v1()
              .jobs()
              .inNamespace(properties.namespace())
              .withLabels(PartitionJobs.partitionSelector(runId, partitionNo))
              .list()
              .getItems();
    } catch (KubernetesClientException e) {
      throw new PartitionLaunchException(
          "cannot list the Kubernetes Jobs of partition "
              + partitionNo
              + " of run "
              + runId
              + ": "
              + describe(e),
          e);
    }
    Optional<Job> running =
        existing.stream()
            .filter(job -> job.getMetadata().getDeletionTimestamp() == null)
            .filter(job -> !JobDiagnosis.finished(job))
            .max(Comparator.comparing(job -> PartitionJobs.attempt(job).orElse(0)));
    // Re-attach only to a Job whose worker has not recorded its end: one that has (a stopped
    // worker whose Job the kubelet has not marked finished yet) is on its way out, and the
    // relaunch asked for is a new attempt, not that one.
    boolean recordedRunning =
        partitions
            .find(runId, partitionNo)
            .map(
                p ->
                    p.status() == PartitionStatus.RUNNING || p.status() == PartitionStatus.STOPPING)
            .orElse(false);
    if (running.isPresent() && recordedRunning) {
      String name = running.get().getMetadata().getName();
      log.info(
          "Partition {} of run {} still runs as Kubernetes Job {}: watching it, not starting another",
          partitionNo,
          runId,
          name);
      return watch(runId, partitionNo, name);
    }
    int highest =
        existing.stream()
            .map(PartitionJobs::attempt)
            .flatMap(Optional::stream)
            .reduce(0, Math::max);
    for (int tries = 0; ; tries++) {
      int attempt = nextAttempt(runId, partitionNo);
      if (attempt <= highest) {
        // The counter is behind the cluster (a restored database): skip the names in use.
        continue;
      }
      partitions.markLaunched(runId, partitionNo, NAME);
      Job job = PartitionJobs.render(launch, attempt, properties);
      String name = job.getMetadata().getName();
      try {
        client.batch().v1().jobs().inNamespace(properties.namespace()).resource(job).create();
        log.info(
            "Partition {} of run {} launched as Kubernetes Job {} (attempt {})",
            partitionNo,
            runId,
            name,
            attempt);
        return watch(runId, partitionNo, name);
      } catch (KubernetesClientException e) {
        if (e.getCode() == 409 && tries < 3) {
          continue; // a Job of that name exists after all: take the next attempt's name
        }
        String error = "cannot create the partition's Kubernetes Job " + name + ": " + describe(e);
        partitions.markFinished(runId, partitionNo, PartitionStatus.FAILED, error);
        throw new PartitionLaunchException(error, e);
      }
    }
  }

  @Override
  public PartitionProgress progress(PartitionHandle handle) {
    return evaluate(handle.runId(), handle.partitionNo(), handle.reference());
  }

  /**
   * Returns as soon as the partition's Job has ended (the informers saw it) or after {@code
   * timeout}.
   */
  @Override
  public PartitionProgress awaitProgress(PartitionHandle handle, Duration timeout)
      throws InterruptedException {
    CompletableFuture<Void> ended = ends.get(handle.reference());
    if (ended == null) {
      // Over already, or launched by another server: poll.
      PartitionProgress progress = progress(handle);
      return progress.finished() ? progress : WorkerLauncher.super.awaitProgress(handle, timeout);
    }
    try {
      ended.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException stillRunning) {
      // the usual case: report progress and wait again
    } catch (ExecutionException impossible) {
      // never completed exceptionally
    }
    return progress(handle);
  }

  /**
   * Asks the worker to stop at its next chunk boundary ({@code JobOperator.stop} marks its
   * execution STOPPING in the shared job repository), then deletes the Job once it ended or after
   * {@code stop-grace}; at once if the worker has not started its job yet.
   */
  @Override
  public void stop(PartitionHandle handle) {
    String name = handle.reference();
    stopRequested.add(name);
    boolean asked;
    try {
      asked = jobs.stop(handle.runId(), handle.partitionNo());
    } catch (RuntimeException e) {
      log.warn(
          "Could not ask partition {} of run {} to stop", handle.partitionNo(), handle.runId(), e);
      asked = false;
    }
    CompletableFuture<Void> ended = ends.get(name);
    if (ended == null || !asked) {
      // Over already, or the worker has not started its job: nothing to wait for.
      ended = CompletableFuture.completedFuture(null);
    }
    ended
        .copy()
        .completeOnTimeout(null, properties.stopGrace().toMillis(), TimeUnit.MILLISECONDS)
        .thenRunAsync(() -> delete(handle.runId(), handle.partitionNo(), name), executor);
  }

  /** Stops watching; the Jobs keep running and a new launcher re-attaches to them. */
  @Override
  public void close() {
    jobInformer.close();
    podInformer.close();
    executor.shutdownNow();
  }

  private PartitionHandle watch(long runId, int partitionNo, String name) {
    watched.put(key(runId, partitionNo), name);
    ends.computeIfAbsent(name, n -> new CompletableFuture<>());
    // A Job that ended between the listing and now would send no more events.
    executor.execute(() -> evaluateQuietly(runId, partitionNo, name));
    return new PartitionHandle(NAME, runId, partitionNo, name);
  }

  private int nextAttempt(long runId, int partitionNo) {
    return partitions
        .nextLaunchAttempt(runId, partitionNo)
        .orElseThrow(
            () ->
                new PartitionLaunchException(
                    "run " + runId + " has no partition " + partitionNo + "; was it planned?"));
  }

  /**
   * The partition's progress, after recording on the partition how its Job ended if the worker
   * could not record it itself.
   */
  private synchronized PartitionProgress evaluate(long runId, int partitionNo, String name) {
    PartitionProgress progress = jobs.progress(runId, partitionNo);
    if (progress.state() == PartitionProgress.State.RUNNING) {
      Optional<JobDiagnosis.Ending> ending;
      try {
        ending = ending(runId, partitionNo, name);
      } catch (KubernetesClientException e) {
        // The API server is away for a moment: PostgreSQL still tells the progress, and the
        // worker goes on committing chunks whatever the API server does.
        log.warn("Cannot read Kubernetes Job {}: {}", name, describe(e));
        return progress;
      }
      if (ending.isPresent() && ending.get().outOfMemory() != null) {
        outOfMemory(runId, partitionNo, name, ending.get().outOfMemory());
        progress = jobs.progress(runId, partitionNo);
      } else if (ending.isPresent()) {
        // The worker records its own end before it exits; read again before overruling it.
        if (partitions.markFinishedIfRunning(
            runId, partitionNo, ending.get().status(), ending.get().error())) {
          log.warn("Partition {} of run {}: {}", partitionNo, runId, ending.get().error());
        }
        progress = jobs.progress(runId, partitionNo);
      }
    }
    if (progress.finished()) {
      // Nothing more to watch: forget the Job, so a long-running server keeps no state per
      // partition it ever launched.
      stuckSince.remove(name);
      stopRequested.remove(name);
      watched.remove(key(runId, partitionNo), name);
      CompletableFuture<Void> ended = ends.remove(name);
      if (ended != null) {
        ended.complete(null);
      }
    }
    return progress;
  }

  /**
   * Counts an attempt that ran out of memory: launched again until {@code out-of-memory-attempts}
   * in a row, then given up with the pipeline's profile to raise (ADR 0024).
   */
  private void outOfMemory(long runId, int partitionNo, String name, String what) {
    String pipeline = pipelineOf(name);
    String remedy =
        "raise the resource profile's memory for pipeline "
            + pipeline
            + " (darkroom.launcher.kubernetes.profiles."
            + pipeline
            + ".memory, now "
            + properties.profileFor(pipeline).memory()
            + "), then rerun the run's failed units";
    partitions
        .markOutOfMemory(runId, partitionNo, outOfMemoryAttempts, what, remedy)
        .ifPresent(
            n ->
                log.warn(
                    "Partition {} of run {}: Kubernetes Job {} ran out of memory ({} of {} in a"
                        + " row)",
                    partitionNo,
                    runId,
                    name,
                    n,
                    outOfMemoryAttempts));
  }

  /** The pipeline id from the Job's annotation ({@code id@version}). */
  private String pipelineOf(String jobName) {
    try {
      Job job =
          client.batch().v1().jobs().inNamespace(properties.namespace()).withName(jobName).get();
      String annotation =
          job == null || job.getMetadata().getAnnotations() == null
              ? null
              : job.getMetadata().getAnnotations().get(PartitionJobs.ANNOTATION_PIPELINE);
      if (annotation != null) {
        int at = annotation.lastIndexOf('@');
        return at < 0 ? annotation : annotation.substring(0, at);
      }
    } catch (KubernetesClientException e) {
      log.debug("Cannot read Kubernetes Job {}: {}", jobName, describe(e));
    }
    return "<pipeline>";
  }

  private Optional<JobDiagnosis.Ending> ending(long runId, int partitionNo, String name) {
    Job job = client.batch().v1().jobs().inNamespace(properties.namespace()).withName(name).get();
    if (job == null) {
      return Optional.of(
          stopRequested.contains(name)
              ? new JobDiagnosis.Ending(
                  PartitionStatus.STOPPED,
                  "stopped on request; its Kubernetes Job " + name + " was deleted")
              : new JobDiagnosis.Ending(PartitionStatus.FAILED, WORKER_GONE.formatted(name)));
    }
    if (JobDiagnosis.succeeded(job)) {
      return Optional.of(
          new JobDiagnosis.Ending(
              PartitionStatus.FAILED,
              WorkerLauncher.JOB_LOST
                  + ": its Kubernetes Job "
                  + name
                  + " completed without recording the partition's end (was the database away?);"
                  + " launch it again to go on from its unfinished units"));
    }
    List<Pod> pods = pods(name);
    if (JobDiagnosis.finished(job)) {
      return Optional.of(
          JobDiagnosis.failed(job, pods, properties, stopAsked(runId, partitionNo, name)));
    }
    for (Pod pod : pods) {
      Optional<JobDiagnosis.Ending> podEnding =
          JobDiagnosis.podEnding(pod, stopAsked(runId, partitionNo, name));
      if (podEnding.isPresent()) {
        return podEnding;
      }
      String stuck = JobDiagnosis.stuck(pod);
      if (stuck != null) {
        Instant since = stuckSince.computeIfAbsent(name, n -> clock.instant());
        Duration waited = Duration.between(since, clock.instant());
        if (waited.compareTo(properties.imagePullWait()) >= 0) {
          delete(runId, partitionNo, name);
          return Optional.of(JobDiagnosis.stuckFor(pod, stuck, waited));
        }
        return Optional.empty();
      }
    }
    stuckSince.remove(name);
    return Optional.empty();
  }

  /** Whether someone asked the partition to stop: through this launcher, or STOPPING recorded. */
  private boolean stopAsked(long runId, int partitionNo, String name) {
    return stopRequested.contains(name)
        || partitions
            .find(runId, partitionNo)
            .map(p -> p.status() == PartitionStatus.STOPPING)
            .orElse(false);
  }

  private static final String WORKER_GONE =
      WorkerLauncher.JOB_LOST
          + ": its Kubernetes Job %s is gone (deleted, or removed after"
          + " darkroom.launcher.kubernetes.ttl-after-finished); launch it again to go on from its"
          + " unfinished units";

  private List<Pod> pods(String jobName) {
    return client
        .pods()
        .inNamespace(properties.namespace())
        .withLabel(PartitionJobs.LABEL_INSTANCE, jobName)
        .list()
        .getItems();
  }

  private void delete(long runId, int partitionNo, String name) {
    try {
      client
          .batch()
          .v1()
          .jobs()
          .inNamespace(properties.namespace())
          .withName(name)
          .withPropagationPolicy(DeletionPropagation.BACKGROUND)
          .delete();
      log.info("Deleted Kubernetes Job {} of partition {} of run {}", name, partitionNo, runId);
    } catch (KubernetesClientException e) {
      log.warn("Could not delete Kubernetes Job {}: {}", name, describe(e));
    }
  }

  private void evaluateQuietly(long runId, int partitionNo, String name) {
    try {
      evaluate(runId, partitionNo, name);
    } catch (RuntimeException e) {
      // The next poll of the orchestrator evaluates again.
      log.debug("Could not evaluate Kubernetes Job {}", name, e);
    }
  }

  /** A change of a watched Job or of its pod: evaluate that partition off the informer thread. */
  private final class Changes<T extends HasMetadata> implements ResourceEventHandler<T> {

    @Override
    public void onAdd(T resource) {
      changed(resource);
    }

    @Override
    public void onUpdate(T old, T resource) {
      changed(resource);
    }

    @Override
    public void onDelete(T resource, boolean finalStateUnknown) {
      changed(resource);
    }

    private void changed(T resource) {
      Map<String, String> labels = resource.getMetadata().getLabels();
      if (labels == null) {
        return;
      }
      String jobName = labels.get(PartitionJobs.LABEL_INSTANCE);
      String run = labels.get(PartitionJobs.LABEL_RUN);
      String partition = labels.get(PartitionJobs.LABEL_PARTITION);
      if (jobName == null || run == null || partition == null) {
        return;
      }
      if (!jobName.equals(watched.get(run + "/" + partition))) {
        return; // an earlier attempt, or a Job another server launched and nobody watches here
      }
      try {
        executor.execute(
            () -> evaluateQuietly(Long.parseLong(run), Integer.parseInt(partition), jobName));
      } catch (java.util.concurrent.RejectedExecutionException closing) {
        // the launcher is closing
      }
    }
  }

  private static String key(long runId, int partitionNo) {
    return runId + "/" + partitionNo;
  }

  private static String describe(KubernetesClientException e) {
    return switch (e.getCode()) {
      case 401, 403 ->
          "the server's service account may not do that (HTTP "
              + e.getCode()
              + "); apply the Role and RoleBinding of k8s/base/rbac.yaml in the namespace"
              + " darkroom.launcher.kubernetes.namespace names";
      case 404 -> "not found (does the namespace exist?)";
      default ->
          e.getStatus() != null && e.getStatus().getMessage() != null
              ? e.getStatus().getMessage()
              : String.valueOf(e.getMessage());
    };
  }

  /** For tests: the Job a partition is watched as, if any. */
  @Nullable String watchedJob(long runId, int partitionNo) {
    return watched.get(key(runId, partitionNo));
  }
}
