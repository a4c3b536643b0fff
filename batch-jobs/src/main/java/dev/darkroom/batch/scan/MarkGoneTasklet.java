package dev.darkroom.batch.scan;

import dev.darkroom.core.catalog.LocationRepository;
import java.util.List;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * After the walk: closes, root by root, the live locations left in directories the scan did not
 * list (a directory that is gone, or is no longer a directory), never deleting them. Missing files
 * of the directories it did list were closed during the walk ({@link ScanItemReader}), and an empty
 * root was refused there, before anything of it was closed.
 */
class MarkGoneTasklet implements Tasklet {

  private final List<ScanRoot> roots;
  private final LocationRepository locations;
  private final long scanId;

  MarkGoneTasklet(List<ScanRoot> roots, LocationRepository locations, long scanId) {
    this.roots = roots;
    this.locations = locations;
    this.scanId = scanId;
  }

  @Override
  public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
    for (ScanRoot root : roots) {
      contribution.incrementWriteCount(locations.markVanished(scanId, root.id()));
    }
    return RepeatStatus.FINISHED;
  }
}
