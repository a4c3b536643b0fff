package dev.darkroom.batch.scan;

import dev.darkroom.core.catalog.LocationRepository;
import java.util.List;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * After the walk: closes the locations the scan did not see (never deletes them), root by root.
 *
 * <p>Refuses when a root that the catalog knows files in yielded no file at all: an empty mount
 * point looks exactly like that, and must not turn a whole archive into "gone".
 */
class MarkGoneTasklet implements Tasklet {

  private static final String SEEN_IN_ROOT =
      """
      SELECT (SELECT count(*) FROM asset_location WHERE root_id = :root AND last_seen_scan = :scan)
           + (SELECT count(*) FROM scan_problem WHERE root_id = :root AND scan_id = :scan)
      """;

  private final List<ScanRoot> roots;
  private final LocationRepository locations;
  private final JdbcClient jdbc;
  private final long scanId;

  MarkGoneTasklet(
      List<ScanRoot> roots, LocationRepository locations, JdbcClient jdbc, long scanId) {
    this.roots = roots;
    this.locations = locations;
    this.jdbc = jdbc;
    this.scanId = scanId;
  }

  @Override
  public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
    for (ScanRoot root : roots) {
      long seen =
          jdbc.sql(SEEN_IN_ROOT)
              .param("root", root.id())
              .param("scan", scanId)
              .query(Long.class)
              .single();
      long live = locations.countLive(root.id());
      if (seen == 0 && live > 0) {
        throw new EmptyArchiveRootException(root.mounted().name(), root.mounted().path(), live);
      }
      contribution.incrementWriteCount(locations.markVanished(scanId, root.id()));
    }
    return RepeatStatus.FINISHED;
  }
}
