package dev.darkroom.cli.assets;

import dev.darkroom.cli.ApiCommand;
import dev.darkroom.cli.CliEnvironment;
import dev.darkroom.cli.ExitCode;
import dev.darkroom.cli.api.ApiClient;
import dev.darkroom.cli.api.ApiException;
import dev.darkroom.cli.api.InvalidQueryException;
import dev.darkroom.cli.output.Printer;
import dev.darkroom.cli.output.Table;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code darkroom assets search|show|open}. */
@Command(
    name = "assets",
    description = "Search the catalog and look at one asset.",
    subcommands = {AssetsCommand.Search.class, AssetsCommand.Show.class, AssetsCommand.Open.class})
public final class AssetsCommand {

  @Command(
      name = "search",
      description =
          "Assets matching a query of the collection language (docs/query-language.md), in"
              + " catalog order. A query that does not parse is shown with a caret (exit 2).",
      footerHeading = "%nExample:%n",
      footer = {
        "  darkroom assets search 'type:image taken:2019 -has:thumbnail'",
        "  darkroom assets search beach -q"
      })
  static final class Search extends ApiCommand {
    @Parameters(paramLabel = "QUERY", arity = "0..*", description = "the query (blank: all assets)")
    List<String> words = List.of();

    @Option(
        names = "--limit",
        paramLabel = "N",
        description = "at most N assets (default 50, 0: all)")
    int limit = 50;

    Search(CliEnvironment env) {
      super(env);
    }

    @Override
    protected int execute() {
      String query = String.join(" ", words);
      List<JsonNode> items;
      try {
        items = api().items("/api/assets" + ApiClient.query("q", query), limit);
      } catch (ApiException e) {
        throw InvalidQueryException.of(e, query);
      }
      return printList(
          items,
          "id",
          new Table("ID>", "TYPE", "SIZE>", "TAKEN", "CAMERA~", "PATH~"),
          (table, a) ->
              table.row(
                  a.path("id").asString(),
                  Printer.text(a.path("mediaType")),
                  a.path("sizeBytes").asString(),
                  Printer.time(a.path("capturedAt")),
                  Printer.text(a.path("cameraModel")),
                  a.path("root").asString() + "/" + a.path("path").asString()));
    }
  }

  @Command(
      name = "show",
      description = "One asset: metadata, locations (path history) and artifacts.",
      footerHeading = "%nExample:%n",
      footer = "  darkroom assets show 17 -o json")
  static final class Show extends ApiCommand {
    @Parameters(paramLabel = "ID", description = "the asset's id")
    long id;

    Show(CliEnvironment env) {
      super(env);
    }

    @Override
    protected int execute() {
      return printOne(
          api().get("/api/assets/" + id),
          (p, a) -> {
            p.fields(
                "id", a.path("id"),
                "sha256", a.path("sha256"),
                "type", a.path("mediaType"),
                "size", a.path("sizeBytes"),
                "dimensions", a.path("width").asString() + "x" + a.path("height").asString(),
                "taken", a.path("capturedAt"),
                "camera", a.path("cameraModel"));
            Table locations = new Table("ROOT", "PATH~", "LIVE", "SEEN");
            a.path("locations")
                .forEach(
                    l ->
                        locations.row(
                            l.path("root").asString(),
                            l.path("path").asString(),
                            l.path("live").asBoolean() ? "yes" : "gone",
                            Printer.time(l.path("lastSeenAt"))));
            p.section(locations);
            Table artifacts = new Table("ARTIFACT>", "KIND", "RUN>", "SIZE>", "SHA256~", "EXPIRES");
            a.path("artifacts")
                .forEach(
                    x ->
                        artifacts.row(
                            x.path("id").asString(),
                            x.path("kind").asString(),
                            Printer.text(x.path("runId")),
                            Printer.text(x.path("sizeBytes")),
                            Printer.text(x.path("sha256")),
                            Printer.time(x.path("expiresAt"))));
            if (!artifacts.isEmpty()) {
              p.section(artifacts);
            }
          });
    }
  }

  @Command(
      name = "open",
      description = "Print the asset's page on the dashboard (open it with xdg-open or a click).",
      footerHeading = "%nExample:%n",
      footer = "  xdg-open \"$(darkroom assets open 17)\"")
  static final class Open extends ApiCommand {
    @Parameters(paramLabel = "ID", description = "the asset's id")
    long id;

    Open(CliEnvironment env) {
      super(env);
    }

    @Override
    protected int execute() {
      api().get("/api/assets/" + id); // an unknown id is a 404 (exit 3), not a dead link
      ObjectNode answer = ApiClient.JSON.createObjectNode();
      answer.put("id", id);
      answer.put("url", api().baseUrl() + "/assets/" + id);
      printer().one(answer, "url", p -> p.line(answer.path("url").asString()));
      return ExitCode.OK;
    }
  }
}
