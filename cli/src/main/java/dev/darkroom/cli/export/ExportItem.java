package dev.darkroom.cli.export;

import tools.jackson.databind.JsonNode;

/**
 * One artifact to export: the asset it belongs to and the artifact as the API describes it.
 *
 * @param asset {@code GET /api/assets/{id}}
 * @param artifact the chosen entry of the asset's {@code artifacts}
 */
record ExportItem(JsonNode asset, JsonNode artifact) {

  long assetId() {
    return asset.path("id").asLong();
  }

  String sha256() {
    return artifact.path("sha256").asString();
  }

  /** The file's name in the export: the asset's id and the artifact's type. */
  String fileName() {
    String type = artifact.path("mediaType").asString("");
    String ext =
        switch (type) {
          case "image/jpeg" -> "jpg";
          case "image/png" -> "png";
          case "image/webp" -> "webp";
          case "application/json" -> "json";
          default -> "bin";
        };
    return assetId() + "." + ext;
  }
}
