package dev.darkroom.core.storage;

import java.util.List;

/**
 * What one {@link ArtifactMigration} run did. A run is complete when {@link #failed()} and {@link
 * #missingInSource()} are zero; otherwise run it again after fixing the cause (it resumes).
 *
 * @param referenced distinct storage keys referenced by {@code artifact} rows
 * @param copied blobs copied to the target and verified there
 * @param alreadyPresent blobs the target already had with the expected hash and size (skipped)
 * @param missingInSource referenced blobs the source does not have
 * @param failed blobs whose copy failed or did not verify
 * @param problems the first problems, one line each, for the operator
 */
public record MigrationReport(
    long referenced,
    long copied,
    long alreadyPresent,
    long missingInSource,
    long failed,
    List<String> problems) {

  public MigrationReport {
    problems = List.copyOf(problems);
  }

  public boolean complete() {
    return failed == 0 && missingInSource == 0;
  }
}
