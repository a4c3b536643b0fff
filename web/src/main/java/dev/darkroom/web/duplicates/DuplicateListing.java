package dev.darkroom.web.duplicates;

import dev.darkroom.batch.duplicates.NearDuplicatesService;
import dev.darkroom.core.duplicates.AggregateStepState;
import dev.darkroom.core.duplicates.DuplicateCluster;
import dev.darkroom.core.duplicates.DuplicateRepository;
import dev.darkroom.core.duplicates.ExactDuplicate;
import dev.darkroom.core.run.RunRepository;
import dev.darkroom.web.api.Page;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/** Which index a listing shows, and its pages; shared by the API and the page. */
@Component
class DuplicateListing {

  private final DuplicateRepository duplicates;
  private final RunRepository runs;

  DuplicateListing(DuplicateRepository duplicates, RunRepository runs) {
    this.duplicates = duplicates;
    this.runs = runs;
  }

  /**
   * The index of a run's near-duplicates step, or by default the catalog's most recently changed.
   *
   * @throws dev.darkroom.core.run.UnknownRunException when {@code run} does not exist
   */
  Optional<Long> index(@Nullable Long run) {
    if (run == null) {
      return duplicates.latestCatalogIndex();
    }
    runs.get(run);
    return duplicates.step(run, NearDuplicatesService.STEP).map(AggregateStepState::indexId);
  }

  Page<DuplicateCluster> clusters(@Nullable Long run, int limit, long after) {
    Optional<Long> index = index(run);
    if (index.isEmpty()) {
      return new Page<>(List.of(), null);
    }
    List<DuplicateCluster> found = duplicates.clusters(index.get(), limit + 1, after);
    return Page.of(found, limit, c -> Long.toString(c.clusterId()));
  }

  long clusterCount(@Nullable Long run) {
    return index(run).map(duplicates::countClusters).orElse(0L);
  }

  Page<ExactDuplicate> exact(int limit, long after) {
    List<ExactDuplicate> found = duplicates.exactDuplicates(limit + 1, after);
    return Page.of(found, limit, d -> Long.toString(d.assetId()));
  }

  long exactCount() {
    return duplicates.countExactDuplicates();
  }
}
