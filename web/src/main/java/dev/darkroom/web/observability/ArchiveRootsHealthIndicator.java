package dev.darkroom.web.observability;

import dev.darkroom.storage.archive.ArchiveAccessException;
import dev.darkroom.storage.archive.ArchiveReader;
import dev.darkroom.storage.archive.MountedRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * {@code archiveRoots}: UP when every configured archive root is mounted (an existing directory),
 * readable and not empty; an empty directory is what an unmounted volume's mount point looks like.
 * The details name each root and what is wrong with it. Not part of readiness: the dashboard and
 * the artifacts work without the originals; runs and scans do not (their units fail with a reason).
 */
final class ArchiveRootsHealthIndicator extends AbstractHealthIndicator {

  private final ArchiveReader archive;

  ArchiveRootsHealthIndicator(ArchiveReader archive) {
    super("archive roots health check failed");
    this.archive = archive;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    Map<String, String> roots = new LinkedHashMap<>();
    boolean allMounted = true;
    for (MountedRoot root : archive.roots()) {
      Optional<String> problem = problem(archive, root);
      roots.put(root.name(), problem.orElse("mounted"));
      allMounted &= problem.isEmpty();
    }
    builder.withDetail("roots", roots);
    if (allMounted) {
      builder.up();
    } else {
      builder.down();
    }
  }

  /** What is wrong with the root, if anything. */
  static Optional<String> problem(ArchiveReader archive, MountedRoot root) {
    try {
      archive.requireMounted(root.name());
    } catch (ArchiveAccessException e) {
      return Optional.of(e.getMessage());
    }
    try (Stream<?> entries = Files.list(root.path())) {
      if (entries.findAny().isEmpty()) {
        return Optional.of("the directory is empty (is the volume mounted?)");
      }
    } catch (IOException e) {
      return Optional.of("cannot list the directory: " + e.getMessage());
    }
    return Optional.empty();
  }
}
