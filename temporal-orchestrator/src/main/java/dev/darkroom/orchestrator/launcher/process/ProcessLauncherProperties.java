package dev.darkroom.orchestrator.launcher.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code darkroom.launcher.process.*}: partitions in child JVMs on this machine.
 *
 * @param enabled whether runs may choose the {@code process} launcher ({@code
 *     DARKROOM_LAUNCHER_PROCESS_ENABLED}, default true)
 * @param workers worker JVMs that may run at once; a launch beyond that is retried by the
 *     orchestrator ({@code DARKROOM_LAUNCHER_PROCESS_WORKERS}, default 2)
 * @param jvmOptions options of every worker JVM ({@code DARKROOM_LAUNCHER_PROCESS_JVMOPTIONS},
 *     comma-separated, default {@code -Xmx512m,-XX:+UseSerialGC,-XX:TieredStopAtLevel=1}: the
 *     serial collector has no GC threads to compete with other workers' on a shared box, and the C1
 *     compiler alone costs a worker a fraction of C2's compilation CPU for most of its throughput,
 *     see ADR 0028 and its addendum)
 * @param java the {@code java} binary; default: the one running the server
 * @param classpath the workers' class path; default: the server's own ({@code java.class.path}; a
 *     Spring Boot fat jar is started through its {@code PropertiesLauncher})
 * @param mainClass the worker's main class (default {@code dev.darkroom.batch.worker.WorkerMain})
 * @param logDir where each partition's worker log is kept, {@code run-R/partition-P.log}; default
 *     {@code <data-dir>/logs/partitions}
 * @param forwardedProperties prefixes of the server's Spring properties handed to every worker
 *     (besides the datasource, which always is): what the pipeline job needs to find the archive,
 *     the artifact store and NATS. The workers also inherit the server's environment variables.
 * @param stopGrace how long a worker gets to end after SIGTERM when the server stops (default 10s)
 * @param reuseWorkers whether a worker JVM, once started, takes partition after partition ({@code
 *     WorkerMain serve}) instead of running one and exiting: start-up, Spring context and the JIT's
 *     warm-up are paid once per worker, not once per partition (ADR 0028). Each partition is still
 *     its own job instance with the same job parameters. ({@code
 *     DARKROOM_LAUNCHER_PROCESS_REUSEWORKERS}, default true)
 * @param idleTimeout how long a reused worker JVM may wait for its next partition before it is
 *     retired, giving back its memory and its database connections ({@code
 *     DARKROOM_LAUNCHER_PROCESS_IDLETIMEOUT}, default 60s)
 */
@ConfigurationProperties("darkroom.launcher.process")
public record ProcessLauncherProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("2") int workers,
    @DefaultValue({"-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"})
        List<String> jvmOptions,
    @Nullable Path java,
    @Nullable String classpath,
    @DefaultValue("dev.darkroom.batch.worker.WorkerMain") String mainClass,
    @Nullable Path logDir,
    @DefaultValue({
          "darkroom.data-dir",
          "darkroom.archive.",
          "darkroom.storage.",
          "darkroom.nats.",
          "darkroom.runs.",
          "darkroom.scan.",
          "darkroom.preflight.",
          "darkroom.tools.",
          "logging.level."
        })
        List<String> forwardedProperties,
    @DefaultValue("10s") Duration stopGrace,
    @DefaultValue("true") boolean reuseWorkers,
    @DefaultValue("60s") Duration idleTimeout) {

  public ProcessLauncherProperties {
    if (workers < 1) {
      throw new IllegalArgumentException(
          "darkroom.launcher.process.workers must be 1 or more: " + workers);
    }
    if (idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new IllegalArgumentException(
          "darkroom.launcher.process.idle-timeout must be positive: " + idleTimeout);
    }
    jvmOptions = List.copyOf(jvmOptions);
    forwardedProperties = List.copyOf(forwardedProperties);
  }

  /** The defaults, for tests and tools that build a launcher by hand. */
  public static ProcessLauncherProperties defaults() {
    return new ProcessLauncherProperties(
        true,
        2,
        List.of("-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
        null,
        null,
        "dev.darkroom.batch.worker.WorkerMain",
        null,
        List.of(
            "darkroom.data-dir",
            "darkroom.archive.",
            "darkroom.storage.",
            "darkroom.nats.",
            "darkroom.runs.",
            "darkroom.scan.",
            "darkroom.preflight.",
            "darkroom.tools.",
            "logging.level."),
        Duration.ofSeconds(10),
        true,
        Duration.ofSeconds(60));
  }
}
