package dev.darkroom.batch.scan;

import dev.darkroom.core.catalog.LocationRepository;
import java.util.ArrayList;
import java.util.List;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * After the walk: closes, root by root, the live locations the scan found gone, never deleting
 * them: those its directory listings missed (deferred in {@code scan_vanished} by the walk, see
 * {@link ScanItemReader}) and those left in directories it did not list at all (a directory that is
 * gone, or is no longer a directory).
 *
 * <p>First it counts them for every root: if any root would lose more than {@link
 * ScanProperties#isMassGone its allowed share}, nothing at all is closed and the step fails with
 * {@link MassGoneRefusedException}, unless the scan was started with allow-mass-gone. One
 * transaction: all of it or none.
 */
class MarkGoneTasklet implements Tasklet {

  private final List<ScanRoot> roots;
  private final LocationRepository locations;
  private final long scanId;
  private final ScanProperties properties;
  private final boolean allowMassGone;

  MarkGoneTasklet(
      List<ScanRoot> roots,
      LocationRepository locations,
      long scanId,
      ScanProperties properties,
      boolean allowMassGone) {
    this.roots = roots;
    this.locations = locations;
    this.scanId = scanId;
    this.properties = properties;
    this.allowMassGone = allowMassGone;
  }

  @Override
  public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
    List<List<Long>> unlisted = new ArrayList<>();
    for (ScanRoot root : roots) {
      List<Long> ids = locations.unlistedLive(scanId, root.id());
      unlisted.add(ids);
      long gone = ids.size() + locations.countDeferred(scanId, root.id());
      long live = locations.countLiveBefore(scanId, root.id());
      if (!allowMassGone && properties.isMassGone(gone, live)) {
        throw new MassGoneRefusedException(
            root.mounted().name(),
            root.mounted().path(),
            gone,
            live,
            properties.maxGoneShare(),
            properties.maxGoneFloor());
      }
    }
    for (int i = 0; i < roots.size(); i++) {
      long rootId = roots.get(i).id();
      contribution.incrementWriteCount(locations.closeDeferred(scanId, rootId));
      if (!unlisted.get(i).isEmpty()) {
        contribution.incrementWriteCount(locations.closeUnlisted(scanId, unlisted.get(i)));
      }
    }
    return RepeatStatus.FINISHED;
  }
}
