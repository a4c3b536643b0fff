package dev.darkroom.batch.scan;

import dev.darkroom.core.catalog.CatalogWriter;
import dev.darkroom.core.catalog.LocationRepository;
import dev.darkroom.storage.archive.ArchiveReader;
import java.util.List;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.ChunkOrientedStepBuilder;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Builds the {@value #JOB_NAME} job for one scan: step {@code scan-files} (chunked, restartable,
 * files hashed on a pool ahead of the step: {@link ReadAheadReader}) then step {@code mark-gone}.
 *
 * <p>A fresh job and step object per scan: correctness must not rest on step objects being reusable
 * across executions in one JVM (see spring-batch #5126).
 */
@Component
public class ScanJobFactory {

  public static final String JOB_NAME = "scan";
  public static final String SCAN_ID = "scanId";
  public static final String FULL_RESCAN = "fullRescan";

  private final JobRepository jobRepository;
  private final PlatformTransactionManager transactionManager;
  private final LocationRepository locations;
  private final CatalogWriter catalogWriter;
  private final FileInspector inspector;
  private final ScanProperties properties;
  private final AsyncTaskExecutor hashingExecutor;

  ScanJobFactory(
      JobRepository jobRepository,
      PlatformTransactionManager transactionManager,
      LocationRepository locations,
      CatalogWriter catalogWriter,
      ArchiveReader archive,
      ScanProperties properties,
      AsyncTaskExecutor scanHashingExecutor) {
    this.jobRepository = jobRepository;
    this.transactionManager = transactionManager;
    this.locations = locations;
    this.catalogWriter = catalogWriter;
    this.inspector = new FileInspector(archive);
    this.properties = properties;
    this.hashingExecutor = scanHashingExecutor;
  }

  Job create(
      long scanId,
      List<ScanRoot> roots,
      boolean fullRescan,
      boolean allowMassGone,
      ScanProgress.Listener listener) {
    ScanItemReader walk =
        new ScanItemReader(roots, locations, properties.maxDepth(), scanId, fullRescan);
    // The pool hashes ahead of the step, so it keeps hashing while a chunk commits: two chunks'
    // worth of items ahead (file descriptors are opened by the pool, a few at a time).
    ReadAheadReader<FileCandidate, ScanOutcome> reader =
        new ReadAheadReader<>(
            walk,
            new ScanItemProcessor(inspector, scanId, fullRescan),
            hashingExecutor,
            Math.max(2 * properties.chunkSize(), 4 * properties.effectiveThreads()));
    ChunkOrientedStepBuilder<ScanOutcome, ScanOutcome> files =
        new StepBuilder("scan-files", jobRepository)
            .<ScanOutcome, ScanOutcome>chunk(properties.chunkSize())
            .transactionManager(transactionManager)
            .reader(reader)
            .writer(new ScanItemWriter(catalogWriter, scanId, listener));
    Step markGone =
        new StepBuilder("mark-gone", jobRepository)
            .tasklet(
                new MarkGoneTasklet(roots, locations, scanId, properties, allowMassGone),
                transactionManager)
            .build();
    return new JobBuilder(JOB_NAME, jobRepository).start(files.build()).next(markGone).build();
  }
}
