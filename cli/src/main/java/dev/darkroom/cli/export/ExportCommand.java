package dev.darkroom.cli.export;

import dev.darkroom.cli.ApiCommand;
import dev.darkroom.cli.CliEnvironment;
import dev.darkroom.cli.ExitCode;
import dev.darkroom.cli.UsageException;
import dev.darkroom.cli.api.ApiClient;
import dev.darkroom.cli.api.ApiException;
import dev.darkroom.cli.collections.CollectionRef;
import dev.darkroom.cli.output.Printer;
import dev.darkroom.cli.output.ProgressBar;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code darkroom export}: artifacts of a selection, with a manifest, resumable, verified. */
@Command(
    name = "export",
    description = {
      "Export the newest unexpired artifact of a KIND (e.g. thumbnail) of every asset of a"
          + " collection or query, or those a run made, into a directory or a .tar, with"
          + " manifest.json: asset id, original paths, artifact hash and lineage.",
      "Every file is verified against the SHA-256 the server recorded. Run the same command"
          + " again after an interruption: verified files are kept, partial ones continued.",
      "A static collection exports its members as they are; a dynamic one what its query matches"
          + " now. Assets without the KIND are listed as missing."
    },
    footerHeading = "%nExample:%n",
    footer = {
      "  darkroom export --run 12 --kind thumbnail --to thumbs/",
      "  darkroom export --collection 2019 --kind thumbnail --to 2019-thumbs.tar"
    })
public final class ExportCommand extends ApiCommand {

  static final String MANIFEST = "manifest.json";

  @ArgGroup(multiplicity = "1")
  Selection selection;

  static final class Selection {
    @Option(
        names = "--collection",
        paramLabel = "C",
        description = "a collection's id or name (static or dynamic)")
    String collection;

    @Option(names = "--query", paramLabel = "Q", description = "assets matching a query")
    String query;

    @Option(names = "--run", paramLabel = "R", description = "the artifacts run R made")
    Long run;
  }

  @Option(
      names = "--kind",
      paramLabel = "KIND",
      description = "the artifact kind (default thumbnail)")
  String kind = "thumbnail";

  @Option(
      names = "--to",
      paramLabel = "DIR|FILE.tar",
      description = "a directory, or a file ending in .tar (default ./darkroom-export)")
  Path to = Path.of("darkroom-export");

  ExportCommand(CliEnvironment env) {
    super(env);
  }

  @Override
  protected int execute() throws IOException {
    if (!kind.matches("[a-z0-9-]+")) {
      throw new UsageException(
          "--kind must be an artifact kind such as thumbnail, not '" + kind + "'");
    }
    boolean tar = to.getFileName() != null && to.getFileName().toString().endsWith(".tar");
    Path dir = tar ? to.resolveSibling(to.getFileName() + ".partial") : to;
    Path files = dir.resolve(kind);
    Files.createDirectories(files);

    ObjectNode selected = ApiClient.JSON.createObjectNode();
    String query = query(selected);
    List<JsonNode> assets =
        query != null
            ? api().items("/api/assets" + ApiClient.query("q", query), 0)
            : api()
                .items("/api/collections/" + selected.path("collectionId").asLong() + "/assets", 0);
    Printer printer = printer();
    Exporter exporter = new Exporter(api());
    Map<Exporter.Outcome, Integer> outcomes = new EnumMap<>(Exporter.Outcome.class);
    List<String> failures = new ArrayList<>();
    ArrayNode items = ApiClient.JSON.createArrayNode();
    ArrayNode missing = ApiClient.JSON.createArrayNode();
    long bytes = 0;
    try (ProgressBar bar = new ProgressBar(printer)) {
      int n = 0;
      for (JsonNode found : assets) {
        bar.update("export", n++, assets.size(), kind);
        JsonNode asset = api().get("/api/assets/" + found.path("id").asLong());
        JsonNode artifact = choose(asset);
        if (artifact == null) {
          missing.add(asset.path("id").asLong());
          continue;
        }
        ExportItem item = new ExportItem(asset, artifact);
        try {
          Exporter.Outcome outcome = exporter.fetch(item, files.resolve(item.fileName()));
          outcomes.merge(outcome, 1, Integer::sum);
          bytes += artifact.path("sizeBytes").asLong();
          items.add(manifestEntry(item));
        } catch (IOException | ApiException e) {
          failures.add("asset " + item.assetId() + ": " + e.getMessage());
        }
      }
      bar.update("export", assets.size(), assets.size(), kind);
    }
    ObjectNode manifest = ApiClient.JSON.createObjectNode();
    manifest.put("schema", "darkroom.export-manifest/v1");
    manifest.put("server", api().baseUrl());
    manifest.put("exportedAt", Instant.now().toString());
    manifest.put("kind", kind);
    manifest.set("selection", selected);
    manifest.set("items", items);
    manifest.set("missing", missing);
    Path manifestFile = dir.resolve(MANIFEST);
    Path temp = dir.resolve(MANIFEST + ".tmp");
    Files.writeString(
        temp, ApiClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(manifest) + "\n");
    Files.move(
        temp, manifestFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    if (tar && failures.isEmpty()) {
      pack(dir, to);
    }

    ObjectNode answer = ApiClient.JSON.createObjectNode();
    answer.put("to", to.toString());
    answer.put("manifest", tar ? MANIFEST + " in " + to : manifestFile.toString());
    answer.put("files", items.size());
    answer.put("downloaded", outcomes.getOrDefault(Exporter.Outcome.DOWNLOADED, 0));
    answer.put("resumed", outcomes.getOrDefault(Exporter.Outcome.RESUMED, 0));
    answer.put("alreadyPresent", outcomes.getOrDefault(Exporter.Outcome.PRESENT, 0));
    answer.put("bytes", bytes);
    answer.set("missing", missing);
    ArrayNode failed = answer.putArray("failed");
    failures.forEach(failed::add);
    printer.one(
        answer,
        "to",
        p -> {
          p.line(
              "Exported "
                  + items.size()
                  + " "
                  + kind
                  + " files to "
                  + to
                  + " ("
                  + answer.path("downloaded").asInt()
                  + " downloaded, "
                  + answer.path("resumed").asInt()
                  + " resumed, "
                  + answer.path("alreadyPresent").asInt()
                  + " already there; all verified by SHA-256)");
          if (!missing.isEmpty()) {
            p.line(missing.size() + " assets have no " + kind + " to export: " + missing);
          }
          failures.forEach(f -> p.env().err().println("darkroom: " + f));
        });
    if (!failures.isEmpty()) {
      env.err()
          .println(
              "darkroom: "
                  + failures.size()
                  + " files failed; run the same command again to resume");
      return ExitCode.FAILED;
    }
    return ExitCode.OK;
  }

  /**
   * The asset search for the selection, or null for a static collection (then its members are
   * listed); records the selection for the manifest.
   */
  private @Nullable String query(ObjectNode selected) {
    String has = "has:" + kind;
    if (selection.query != null) {
      preview(selection.query);
      selected.put("query", selection.query);
      return "(" + selection.query + ") " + has;
    }
    if (selection.collection != null) {
      JsonNode c = CollectionRef.resolve(api(), selection.collection);
      selected.put("collectionId", c.path("id").asLong());
      selected.put("collection", c.path("name").asString());
      if (!"DYNAMIC".equals(c.path("kind").asString()) || !c.hasNonNull("query")) {
        // A static collection's members are listed as they are; those without the kind are
        // reported missing rather than silently left out.
        return null;
      }
      selected.put("query", c.path("query").asString());
      return "(" + c.path("query").asString() + ") " + has;
    }
    JsonNode run = api().get("/api/runs/" + selection.run);
    selected.put("runId", selection.run);
    selected.put("pipeline", run.path("pipeline").asString());
    return has;
  }

  /** The newest unexpired artifact of the kind (of the run, with --run); null when none. */
  private JsonNode choose(JsonNode asset) {
    Instant now = Instant.now();
    for (JsonNode a : asset.path("artifacts")) {
      boolean expired =
          a.hasNonNull("expiresAt") && Instant.parse(a.path("expiresAt").asString()).isBefore(now);
      if (a.path("kind").asString().equals(kind)
          && !expired
          && (selection.run == null || a.path("runId").asLong() == selection.run)) {
        return a;
      }
    }
    return null;
  }

  private ObjectNode manifestEntry(ExportItem item) {
    ObjectNode entry = ApiClient.JSON.createObjectNode();
    entry.put("assetId", item.assetId());
    entry.put("assetSha256", item.asset().path("sha256").asString());
    ArrayNode paths = entry.putArray("originalPaths");
    item.asset()
        .path("locations")
        .forEach(
            l -> {
              if (l.path("live").asBoolean()) {
                paths.add(l.path("root").asString() + "/" + l.path("path").asString());
              }
            });
    entry.put("file", kind + "/" + item.fileName());
    ObjectNode artifact = entry.putObject("artifact");
    artifact.put("id", item.artifact().path("id").asLong());
    artifact.put("kind", kind);
    artifact.put("sha256", item.sha256());
    artifact.put("sizeBytes", item.artifact().path("sizeBytes").asLong());
    artifact.put("mediaType", item.artifact().path("mediaType").asString());
    artifact.put("createdAt", item.artifact().path("createdAt").asString());
    JsonNode lineage =
        api().get("/api/artifacts/" + item.artifact().path("id").asLong() + "/lineage");
    ObjectNode l = entry.putObject("lineage");
    l.put("runId", lineage.path("run").path("id").asLong());
    l.put("runPolicy", lineage.path("run").path("policy").asString());
    l.set("pipeline", lineage.path("pipeline"));
    l.set("tool", lineage.path("tool"));
    l.set("parameters", lineage.path("parameters"));
    l.put("paramsHash", lineage.path("paramsHash").asString());
    l.set("inputs", lineage.path("inputs"));
    return entry;
  }

  /** The staged directory as one tar (manifest first), then the stage is removed. */
  private static void pack(Path dir, Path tar) throws IOException {
    Path temp = tar.resolveSibling(tar.getFileName() + ".tmp");
    List<Path> entries;
    try (Stream<Path> walk = Files.walk(dir)) {
      entries =
          walk.filter(Files::isRegularFile)
              .filter(p -> !p.getFileName().toString().endsWith(".part"))
              .sorted(
                  Comparator.comparing((Path p) -> !p.getFileName().toString().equals(MANIFEST))
                      .thenComparing(Path::toString))
              .toList();
    }
    try (OutputStream out = Files.newOutputStream(temp);
        TarArchiveOutputStream archive = new TarArchiveOutputStream(out)) {
      archive.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (Path file : entries) {
        TarArchiveEntry entry = new TarArchiveEntry(file.toFile(), dir.relativize(file).toString());
        archive.putArchiveEntry(entry);
        Files.copy(file, archive);
        archive.closeArchiveEntry();
      }
      archive.finish();
    }
    Files.move(temp, tar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
