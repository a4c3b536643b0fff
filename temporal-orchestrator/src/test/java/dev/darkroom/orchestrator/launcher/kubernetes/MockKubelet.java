package dev.darkroom.orchestrator.launcher.kubernetes;

import dev.darkroom.core.process.ChildProcesses;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStateTerminatedBuilder;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays the Job controller and the kubelet against fabric8's mock API server, for tests: for every
 * Job created in its namespace it creates the pod, runs the pod's container as a child process of
 * the test JVM — exactly the Job spec's {@code command} and {@code args}, with the spec's {@code
 * env} and the ConfigMaps and Secrets its {@code envFrom} names — and writes the pod's and the
 * Job's status from the exit code as Kubernetes would (Succeeded / Failed with the exit code,
 * Complete / Failed conditions). Deleting a Job kills its container (SIGTERM, then SIGKILL) and
 * deletes its pod. Volumes are not mounted: the archive path the worker is configured with is the
 * test's own directory.
 *
 * <p>{@link #oomKillNext} makes it play the kernel's OOM killer: the next pods' containers are
 * killed with SIGKILL once they run and reported {@code OOMKilled} with exit code 137.
 */
public final class MockKubelet implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(MockKubelet.class);

  private final KubernetesClient client;
  private final String namespace;
  private final Path logDir;
  private final SharedIndexInformer<Job> jobs;
  private final ExecutorService pods = Executors.newCachedThreadPool();
  private final Map<String, Process> containers = new ConcurrentHashMap<>();
  private final Map<String, String> podOfJob = new ConcurrentHashMap<>();
  private final AtomicInteger oomKills = new AtomicInteger();
  private final AtomicInteger started = new AtomicInteger();

  MockKubelet(KubernetesClient client, String namespace, Path logDir) {
    this.client = client;
    this.namespace = namespace;
    this.logDir = logDir;
    this.jobs =
        client
            .batch()
            .v1()
            .jobs()
            .inNamespace(namespace)
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(Job job) {
                    String name = job.getMetadata().getName();
                    if (podOfJob.putIfAbsent(name, "") == null) {
                      pods.execute(() -> run(job));
                    }
                  }

                  @Override
                  public void onUpdate(Job old, Job job) {}

                  @Override
                  public void onDelete(Job job, boolean finalStateUnknown) {
                    pods.execute(() -> deleted(job.getMetadata().getName()));
                  }
                });
  }

  /** The next {@code pods} pods are OOM-killed as soon as their container runs. */
  public void oomKillNext(int pods) {
    oomKills.set(pods);
  }

  /** Containers started so far. */
  public int started() {
    return started.get();
  }

  private void run(Job job) {
    String jobName = job.getMetadata().getName();
    String podName = jobName + "-" + Long.toString(System.nanoTime() % 46656, 36);
    try {
      Map<String, String> labels =
          new LinkedHashMap<>(job.getSpec().getTemplate().getMetadata().getLabels());
      labels.put("job-name", jobName);
      Pod pod =
          client
              .pods()
              .inNamespace(namespace)
              .resource(
                  new PodBuilder()
                      .withNewMetadata()
                      .withName(podName)
                      .withNamespace(namespace)
                      .withLabels(labels)
                      .endMetadata()
                      .withSpec(job.getSpec().getTemplate().getSpec())
                      .withNewStatus()
                      .withPhase("Pending")
                      .endStatus()
                      .build())
              .create();
      podOfJob.put(jobName, podName);
      Container container = pod.getSpec().getContainers().get(0);
      List<String> command = new ArrayList<>(container.getCommand());
      command.addAll(container.getArgs());
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.environment().putAll(environment(container));
      Files.createDirectories(logDir);
      Path podLog = logDir.resolve(podName + ".log");
      builder.redirectOutput(podLog.toFile());
      // Dies with the test JVM, as a pod would not outlive its node.
      Process process = ChildProcesses.start(builder);
      containers.put(jobName, process);
      started.incrementAndGet();
      setPodStatus(podName, "Running", null, 0);
      boolean oomKill = oomKills.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
      if (oomKill) {
        process.destroyForcibly();
      }
      int exitCode = process.waitFor();
      containers.remove(jobName);
      if (jobGone(jobName)) {
        return; // deleted: its pod went with it
      }
      String reason = oomKill ? "OOMKilled" : exitCode == 0 ? "Completed" : "Error";
      setPodStatus(podName, exitCode == 0 ? "Succeeded" : "Failed", reason, exitCode);
      setJobStatus(jobName, exitCode == 0);
      log.info("Pod {} ended: {} (exit code {}); log {}", podName, reason, exitCode, podLog);
    } catch (IOException | KubernetesClientException e) {
      log.warn("Mock kubelet could not run Job {}: {}", jobName, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The container's environment: {@code envFrom} ConfigMaps and Secrets, then {@code env}. */
  private Map<String, String> environment(Container container) {
    Map<String, String> env = new LinkedHashMap<>();
    for (EnvFromSource from : container.getEnvFrom()) {
      if (from.getConfigMapRef() != null) {
        ConfigMap map =
            client
                .configMaps()
                .inNamespace(namespace)
                .withName(from.getConfigMapRef().getName())
                .get();
        if (map != null && map.getData() != null) {
          env.putAll(map.getData());
        }
      }
      if (from.getSecretRef() != null) {
        Secret secret =
            client.secrets().inNamespace(namespace).withName(from.getSecretRef().getName()).get();
        if (secret != null && secret.getData() != null) {
          secret
              .getData()
              .forEach(
                  (k, v) ->
                      env.put(
                          k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
        }
      }
    }
    for (EnvVar var : container.getEnv()) {
      if (var.getValue() != null) {
        env.put(var.getName(), var.getValue());
      }
    }
    return env;
  }

  private void setPodStatus(String podName, String phase, String reason, int exitCode) {
    Pod pod = client.pods().inNamespace(namespace).withName(podName).get();
    if (pod == null) {
      return;
    }
    var state = new io.fabric8.kubernetes.api.model.ContainerState();
    if (reason == null) {
      state.setRunning(new io.fabric8.kubernetes.api.model.ContainerStateRunning());
    } else {
      state.setTerminated(
          new ContainerStateTerminatedBuilder().withReason(reason).withExitCode(exitCode).build());
    }
    Pod updated =
        new PodBuilder(pod)
            .withNewStatus()
            .withPhase(phase)
            .addNewContainerStatus()
            .withName(pod.getSpec().getContainers().get(0).getName())
            .withState(state)
            .endContainerStatus()
            .endStatus()
            .build();
    client.pods().inNamespace(namespace).resource(updated).updateStatus();
  }

  private void setJobStatus(String jobName, boolean succeeded) {
    Job job = client.batch().v1().jobs().inNamespace(namespace).withName(jobName).get();
    if (job == null) {
      return;
    }
    Job updated =
        new JobBuilder(job)
            .withNewStatus()
            .withSucceeded(succeeded ? 1 : 0)
            .withFailed(succeeded ? 0 : 1)
            .addNewCondition()
            .withType(succeeded ? "Complete" : "Failed")
            .withStatus("True")
            .withReason(succeeded ? null : "BackoffLimitExceeded")
            .withMessage(succeeded ? null : "Job has reached the specified backoff limit")
            .endCondition()
            .endStatus()
            .build();
    client.batch().v1().jobs().inNamespace(namespace).resource(updated).updateStatus();
  }

  private boolean jobGone(String jobName) {
    Job job = client.batch().v1().jobs().inNamespace(namespace).withName(jobName).get();
    return job == null || job.getMetadata().getDeletionTimestamp() != null;
  }

  /** Background propagation: the Job's pod goes, its container is stopped. */
  private void deleted(String jobName) {
    Process process = containers.remove(jobName);
    if (process != null) {
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    String podName = podOfJob.get(jobName);
    if (podName != null && !podName.isEmpty()) {
      client.pods().inNamespace(namespace).withName(podName).delete();
    }
  }

  @Override
  public void close() {
    jobs.close();
    pods.shutdownNow();
    containers.values().forEach(Process::destroyForcibly);
  }
}
