package dev.darkroom.web.runs;

import dev.darkroom.orchestrator.launcher.process.PartitionLogs;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.file.Path;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The worker log of a partition run by the process launcher, every attempt, as plain text. */
@RestController
@RequestMapping("/api/runs")
@Tag(name = "runs")
class PartitionLogController {

  private final ObjectProvider<PartitionLogs> logs;

  PartitionLogController(ObjectProvider<PartitionLogs> logs) {
    this.logs = logs;
  }

  @Operation(summary = "The worker log of a partition run in a worker JVM (process launcher)")
  @GetMapping(value = "/{id}/partitions/{partition}/log", produces = MediaType.TEXT_PLAIN_VALUE)
  ResponseEntity<Resource> log(@PathVariable long id, @PathVariable int partition) {
    PartitionLogs available = logs.getIfAvailable();
    Path file = available == null ? null : available.find(id, partition).orElse(null);
    if (file == null) {
      throw new NoPartitionLogException(id, partition);
    }
    return ResponseEntity.ok()
        .contentType(new MediaType("text", "plain", java.nio.charset.StandardCharsets.UTF_8))
        .body(new FileSystemResource(file));
  }
}
