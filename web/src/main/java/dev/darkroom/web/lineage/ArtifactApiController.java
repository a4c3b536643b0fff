package dev.darkroom.web.lineage;

import dev.darkroom.core.lineage.LineageRepository;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** Artifacts, their lineage and their content. */
@RestController
@Tag(name = "Artifacts", description = "Derived outputs, their lineage and their bytes")
class ArtifactApiController {

  private final LineageRepository lineage;
  private final ArtifactContent content;

  ArtifactApiController(LineageRepository lineage, ArtifactContent content) {
    this.lineage = lineage;
    this.content = content;
  }

  @GetMapping("/api/artifacts/{id}")
  @Operation(summary = "An artifact: kind, media type, size, hash, when it was made and expires")
  ArtifactItem artifact(@PathVariable long id) {
    return ArtifactItem.of(lineage.get(id));
  }

  @GetMapping("/api/artifacts/{id}/lineage")
  @Operation(
      summary = "Why the artifact exists",
      description =
          "The run that made it (with pipeline id and version), the tool id and version, its"
              + " effective parameters and their hash, input artifacts, and when.")
  LineageResponse lineage(@PathVariable long id) {
    return LineageResponse.of(lineage.lineage(id));
  }

  /**
   * The bytes, also under {@code /artifacts/{id}/content} so that pages can show previews with the
   * browser's session whatever the API's own authentication.
   */
  @GetMapping({"/api/artifacts/{id}/content", "/artifacts/{id}/content"})
  @Operation(
      summary = "The artifact's bytes",
      description =
          "Streamed with its media type (inline values as application/json), an ETag (the"
              + " SHA-256) and single byte ranges (206; 416 for a range outside the content).")
  void content(@PathVariable long id, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    content.write(lineage.get(id), request, response);
  }
}
