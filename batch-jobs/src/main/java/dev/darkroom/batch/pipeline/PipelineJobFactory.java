package dev.darkroom.batch.pipeline;

import dev.darkroom.core.artifact.ArtifactRepository;
import dev.darkroom.core.asset.AssetMetadataRepository;
import dev.darkroom.core.coverage.CoverageRepository;
import dev.darkroom.core.events.RunEvents;
import dev.darkroom.core.run.Run;
import dev.darkroom.core.run.RunProperties;
import dev.darkroom.core.run.RunRepository;
import dev.darkroom.core.run.RunUnitRepository;
import dev.darkroom.core.run.StoreOperationStatsRepository;
import dev.darkroom.core.run.TimingsRepository;
import dev.darkroom.core.storage.ArtifactStore;
import dev.darkroom.core.tool.Pipeline;
import dev.darkroom.core.tool.PipelineRegistry;
import dev.darkroom.core.tool.ToolRegistry;
import dev.darkroom.storage.archive.ArchiveReader;
import dev.darkroom.storage.metrics.ObservedArtifactStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.listener.ItemWriteListener;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Builds the {@value #JOB_NAME} job of one run partition: one chunked step, {@value #STEP_NAME},
 * reading the partition's unfinished units, running the pipeline's tools and committing artifacts,
 * lineage and coverage per chunk. Every launch of a partition is a new job instance, identified by
 * run id, partition number and {@value #LAUNCH}: what is left to do is read from {@code run_unit},
 * never restored from Batch's bookkeeping, so an execution Batch left UNKNOWN after a database
 * outage cannot block the partition (ADR 0005). A chunk ends after {@code darkroom.runs.chunk-size}
 * units or {@code darkroom.runs.chunk-max-time}, whichever comes first.
 *
 * <p>A fresh job and step object per execution: correctness must not rest on step objects being
 * reusable across executions in one JVM (spring-batch #5126).
 */
@Component
public class PipelineJobFactory {

  public static final String JOB_NAME = "pipeline";
  public static final String STEP_NAME = "pipeline-units";
  public static final String RUN_ID = "runId";
  public static final String PARTITION_NO = "partitionNo";

  /** The launcher name of partitions run in the server's own JVM. */
  static final String IN_PROCESS = "in-process";

  /**
   * Identifying parameter that makes each launch of a partition its own job instance: the launch
   * time in epoch milliseconds, strictly increasing within a JVM.
   */
  public static final String LAUNCH = "launch";

  /** Transient tool failures are tried this often in all, 200 ms then 400 ms apart. */
  static final int TOOL_TRIES = 3;

  static final Duration TOOL_BACKOFF = Duration.ofMillis(200);

  private final JobRepository jobRepository;
  private final PlatformTransactionManager transactionManager;
  private final RunRepository runs;
  private final RunUnitRepository units;
  private final ArtifactRepository artifacts;
  private final AssetMetadataRepository assetMetadata;
  private final ArtifactStore store;
  private final ArchiveReader archive;
  private final ToolRegistry tools;
  private final PipelineRegistry pipelines;
  private final RunProperties properties;
  private final RunEvents events;
  private final PipelineMetrics metrics;
  private final CoverageRepository coverage;
  private final TimingsRepository timings;
  private final StoreOperationStatsRepository storeOperations;
  private final Clock clock = Clock.systemUTC();

  PipelineJobFactory(
      JobRepository jobRepository,
      PlatformTransactionManager transactionManager,
      RunRepository runs,
      RunUnitRepository units,
      ArtifactRepository artifacts,
      AssetMetadataRepository assetMetadata,
      ArtifactStore store,
      ArchiveReader archive,
      ToolRegistry tools,
      PipelineRegistry pipelines,
      RunProperties properties,
      RunEvents events,
      PipelineMetrics metrics,
      CoverageRepository coverage,
      TimingsRepository timings,
      StoreOperationStatsRepository storeOperations) {
    this.jobRepository = jobRepository;
    this.transactionManager = transactionManager;
    this.runs = runs;
    this.units = units;
    this.artifacts = artifacts;
    this.assetMetadata = assetMetadata;
    this.store = store;
    this.archive = archive;
    this.tools = tools;
    this.pipelines = pipelines;
    this.properties = properties;
    this.events = events;
    this.metrics = metrics;
    this.coverage = coverage;
    this.timings = timings;
    this.storeOperations = storeOperations;
  }

  /** The identifying parameters of one launch (one job instance) of a partition. */
  public static JobParameters parameters(long runId, int partitionNo, long launch) {
    return new JobParametersBuilder()
        .addLong(RUN_ID, runId)
        .addLong(PARTITION_NO, (long) partitionNo)
        .addLong(LAUNCH, launch)
        .toJobParameters();
  }

  /**
   * @throws dev.darkroom.core.run.UnknownRunException if there is no such run
   * @throws PipelineMismatchException if a production run pinned versions this worker lacks
   * @param stop reaches the tool running when the partition is asked to stop
   * @throws dev.darkroom.core.tool.InvalidToolParametersException if the run's parameters are bad
   */
  Job create(
      long runId,
      int partitionNo,
      String launcher,
      PipelineProgress.Listener progress,
      JobExecutionListener lifecycle,
      StopSignal stop) {
    Run run = runs.get(runId);
    Pipeline pipeline = pipelines.get(run.pipelineId());
    List<PipelineTool> resolved =
        PipelineTools.resolve(pipeline, tools, run.policy(), run.parameters());
    if (!run.policy().sandbox()) {
      requirePinnedVersions(run, pipeline, resolved);
    }
    int chunkSize = properties.chunkSize();
    PartitionTimings partitionTimings =
        new PartitionTimings(timings, pipeline.id(), launcher, partitionNo);
    // A worker JVM's meter registry is never scraped: its partition's store calls go to PostgreSQL
    // (darkroom_worker_store_*, ADR 0023). In the server's JVM the Micrometer decorator counts
    // them already (darkroom_store_*); observing them here as well would count them twice.
    PartitionStoreOperations workerStoreCalls =
        launcher.equals(IN_PROCESS)
            ? null
            : new PartitionStoreOperations(
                storeOperations,
                transactionManager,
                ObservedArtifactStore.type(store),
                launcher,
                partitionNo);
    ArtifactStore partitionStore =
        workerStoreCalls == null ? store : new ObservedArtifactStore(store, workerStoreCalls);
    UnitProcessor processor =
        new UnitProcessor(
            resolved,
            archive,
            new ToolRunner(TOOL_TRIES, TOOL_BACKOFF, partitionTimings, stop),
            // Earlier runs' artifacts that steps may reuse instead of making them again (ADR 0036).
            new PriorOutputs(artifacts, partitionStore, runId));
    UnitResultWriter writer =
        new UnitResultWriter(
            runId,
            partitionNo,
            partitionStore,
            artifacts,
            assetMetadata,
            units,
            run.policy().artifactTtl(),
            clock,
            progress,
            // Coverage is the production archive's: a sandbox's expiring output does not count.
            run.policy().sandbox() ? null : coverage);
    List<ItemWriteListener<UnitResult>> writeListeners =
        new ArrayList<>(
            List.of(
                new ChunkEvents(runId, partitionNo, events, units),
                metrics.chunkListener(pipeline.id()),
                partitionTimings));
    if (workerStoreCalls != null) {
      writeListeners.add(workerStoreCalls);
    }
    Step step =
        // One item is a batch of processed units that ends on count or on time (see
        // TimedUnitBatchReader), so a chunk is one batch.
        new StepBuilder(STEP_NAME, jobRepository)
            .<UnitBatch, UnitBatch>chunk(1)
            .transactionManager(transactionManager)
            .reader(
                new TimedUnitBatchReader(
                    new UnitReader(units, runId, partitionNo, chunkSize),
                    processor,
                    chunkSize,
                    properties.chunkMaxTime(),
                    System::nanoTime))
            // Chunk committed and unit failed events (published after each chunk's commit), the
            // chunk's unit meter, and its timings (added inside the chunk's transaction).
            .writer(new UnitBatchWriter(writer, writeListeners))
            .build();
    // The log context first: its afterJob runs last, so the lifecycle's lines carry it too.
    // The worker's store calls last: their afterJob (the calls no committed chunk carried) runs
    // before the lifecycle reports the partition finished and the worker exits.
    JobBuilder job =
        new JobBuilder(JOB_NAME, jobRepository)
            .listener(new RunLogContext(runId, partitionNo))
            .listener(lifecycle);
    if (workerStoreCalls != null) {
      job.listener(workerStoreCalls);
    }
    return job.start(step).build();
  }

  private static void requirePinnedVersions(
      Run run, Pipeline pipeline, List<PipelineTool> resolved) {
    if (!pipeline.version().equals(run.pipelineVersion())) {
      throw new PipelineMismatchException(
          "run "
              + run.id()
              + " pinned pipeline "
              + pipeline.id()
              + " version "
              + run.pipelineVersion()
              + ", this worker has version "
              + pipeline.version());
    }
    for (PipelineTool tool : resolved) {
      String pinned = run.toolVersions().get(tool.tool().id());
      if (!tool.tool().version().equals(pinned)) {
        throw new PipelineMismatchException(
            "run "
                + run.id()
                + " pinned tool "
                + tool.tool().id()
                + " version "
                + pinned
                + ", this worker has version "
                + tool.tool().version());
      }
    }
  }
}
