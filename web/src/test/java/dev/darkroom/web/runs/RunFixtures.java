package dev.darkroom.web.runs;

import dev.darkroom.core.run.PartitionStatus;
import dev.darkroom.core.run.RunPolicy;
import dev.darkroom.core.run.RunStatus;
import dev.darkroom.core.run.UnitCounts;
import dev.darkroom.web.api.Page;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Views of runs for tests of the controllers and fragments. */
final class RunFixtures {

  static final Instant STARTED = Instant.parse("2026-11-23T14:00:00Z");

  private RunFixtures() {}

  static RunStatusView status(long id, RunStatus status) {
    return status(id, status, new UnitCounts(33, 10, 0, 20, 1, 2), List.of());
  }

  static RunStatusView status(
      long id, RunStatus status, UnitCounts counts, List<PartitionView> partitions) {
    return status(id, status, counts, partitions, null);
  }

  /** An ended run that FAILED for {@code reason}. */
  static RunStatusView failed(long id, String reason) {
    return status(id, RunStatus.FAILED, new UnitCounts(116, 0, 0, 0, 116, 0), List.of(), reason);
  }

  static RunStatusView status(
      long id,
      RunStatus status,
      UnitCounts counts,
      List<PartitionView> partitions,
      @Nullable String failureReason) {
    return new RunStatusView(
        id,
        "images-basic",
        "1",
        status,
        !status.terminal(),
        PolicyView.of(RunPolicy.sandbox(100, 42)),
        new ScopeView(null, null, null, "all assets"),
        Map.of(),
        Map.of("thumbnail", "1", "image-metadata", "1"),
        "alice",
        "in-process",
        "run-" + id,
        "http://127.0.0.1:8233/namespaces/default/workflows/run-" + id,
        STARTED,
        STARTED,
        status.terminal() ? STARTED.plusSeconds(30) : null,
        30L,
        failureReason == null ? null : counts.failed() + " of " + counts.total() + " units failed",
        failureReason,
        counts,
        (double) (counts.done() + counts.failed() + counts.skipped()) / counts.total(),
        new ThroughputView(1.5, 1.0),
        status == RunStatus.RUNNING ? 7L : null,
        partitions,
        List.of(),
        partitions.size(),
        null,
        RunLinks.of(id),
        false,
        0);
  }

  static PartitionView partition(int no, PartitionStatus status, UnitCounts counts) {
    return new PartitionView(
        no, status, "in-process", "123@host", counts, 0.5, null, STARTED, null, List.of(1L), null);
  }

  static RunSummary summary(long id, RunStatus status) {
    UnitCounts counts = new UnitCounts(33, 10, 0, 20, 1, 2);
    return new RunSummary(
        id,
        "images-basic",
        status,
        !status.terminal(),
        PolicyView.of(RunPolicy.production()),
        new ScopeView(null, null, null, "all assets"),
        "alice",
        STARTED,
        STARTED,
        null,
        30L,
        counts,
        23 / 33.0,
        "/api/runs/" + id);
  }

  static FailureView failure(long assetId, String path, String error) {
    return new FailureView(
        String.format("%019d", assetId), assetId, error, 1, STARTED, path, "/assets/" + assetId);
  }

  static RunPageModel page(RunStatusView run, List<FailureView> failures) {
    return new RunPageModel(run, ThroughputChart.empty(), new Page<>(failures, null));
  }
}
