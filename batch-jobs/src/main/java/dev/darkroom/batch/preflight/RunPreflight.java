package dev.darkroom.batch.preflight;

import dev.darkroom.core.run.InvalidRunRequestException;
import dev.darkroom.core.run.JdbcRunScope;
import dev.darkroom.core.run.RunRequest;
import dev.darkroom.core.storage.ArtifactStore;
import dev.darkroom.core.tool.PipelineRegistry;
import dev.darkroom.core.tool.Tool;
import dev.darkroom.core.tool.ToolReadiness;
import dev.darkroom.core.tool.ToolRegistry;
import dev.darkroom.core.tool.UnknownPipelineException;
import dev.darkroom.core.tool.UnknownToolException;
import dev.darkroom.storage.archive.ArchiveAccessException;
import dev.darkroom.storage.archive.ArchiveReader;
import dev.darkroom.storage.archive.MountedRoot;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Checks, before a run is written and planned, what its workers will need: every archive root its
 * scope has files in is known (configured or in the catalog), mounted, readable and not empty; the
 * artifact store takes a write; the pipeline's tools can run here. One missing mount would
 * otherwise fail every unit of the run, one by one.
 *
 * <p>The checks run in this process: with the in-process and process launchers that is what the
 * workers see (same configuration, same catalog). A Kubernetes worker mounts the archive in its
 * pod; where the server does not mount it, {@code darkroom.preflight.archive-roots=false}.
 */
@Service
public class RunPreflight {

  /** What the store-write probe puts: fixed bytes, so every probe is the same small blob. */
  static final byte[] PROBE =
      "darkroom preflight: the artifact store takes writes\n".getBytes(StandardCharsets.UTF_8);

  private final JdbcRunScope scope;
  private final ArchiveReader archive;
  private final ArtifactStore store;
  private final PipelineRegistry pipelines;
  private final ToolRegistry tools;
  private final PreflightProperties properties;

  RunPreflight(
      JdbcClient jdbc,
      ArchiveReader archive,
      ArtifactStore store,
      PipelineRegistry pipelines,
      ToolRegistry tools,
      PreflightProperties properties) {
    this.scope = new JdbcRunScope(jdbc);
    this.archive = archive;
    this.store = store;
    this.pipelines = pipelines;
    this.tools = tools;
    this.properties = properties;
  }

  /**
   * @throws RunPreflightException with every problem found; nothing has been written
   */
  public void check(RunRequest request) {
    List<String> problems = new ArrayList<>();
    if (properties.archiveRoots()) {
      List<String> roots;
      try {
        roots = scope.roots(request);
      } catch (InvalidRunRequestException e) {
        roots = List.of(); // a bad scope is the request's fault: the run's creation says so
      }
      for (String root : roots) {
        checkRoot(root, problems);
      }
    }
    checkStore(problems);
    checkTools(request.pipelineId(), problems);
    if (!problems.isEmpty()) {
      throw new RunPreflightException(problems);
    }
  }

  private void checkRoot(String name, List<String> problems) {
    MountedRoot root;
    try {
      root = archive.requireMounted(name);
    } catch (ArchiveAccessException e) {
      problems.add(e.getMessage());
      return;
    }
    Path path = root.path();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(path)) {
      if (!entries.iterator().hasNext()) {
        problems.add(
            "Archive root '"
                + name
                + "' at "
                + path
                + " is empty, but the catalog has files there. Is the archive mounted?");
      }
    } catch (IOException e) {
      problems.add("Archive root '" + name + "' at " + path + " cannot be listed: " + e);
    }
  }

  private void checkStore(List<String> problems) {
    try {
      store.put(new ByteArrayInputStream(PROBE), "text/plain");
    } catch (RuntimeException e) {
      problems.add(
          "The artifact store ("
              + store.describe()
              + ") does not take writes: "
              + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
    }
  }

  private void checkTools(String pipelineId, List<String> problems) {
    List<Tool> pipelineTools;
    try {
      pipelineTools = tools.toolsOf(pipelines.get(pipelineId));
    } catch (UnknownPipelineException | UnknownToolException e) {
      return; // the run's creation reports these as a bad request
    }
    for (Tool tool : pipelineTools) {
      if (tool instanceof ToolReadiness readiness) {
        readiness
            .unavailableReason()
            .ifPresent(why -> problems.add("Tool '" + tool.id() + "' cannot run here: " + why));
      }
    }
  }
}
