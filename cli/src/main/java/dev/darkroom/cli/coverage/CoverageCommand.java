package dev.darkroom.cli.coverage;

import dev.darkroom.cli.ApiCommand;
import dev.darkroom.cli.CliEnvironment;
import dev.darkroom.cli.collections.CollectionRef;
import dev.darkroom.cli.output.Table;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code darkroom coverage [--collection C]} (GET /api/coverage). */
@Command(
    name = "coverage",
    description = {
      "Per pipeline step, how many live assets are current (made by the tool version and"
          + " parameters pinned now), stale, missing, failed or not applicable (GET /api/coverage).",
      "The asset query terms current:KIND, stale:KIND, missing:KIND and failed:KIND list them."
    },
    footerHeading = "%nExample:%n",
    footer = {
      "  darkroom coverage",
      "  darkroom coverage --collection 2019 -o json",
      "  darkroom assets search 'stale:thumbnail'"
    })
public final class CoverageCommand extends ApiCommand {

  @Option(names = "--collection", paramLabel = "C", description = "a collection's id or name")
  @Nullable String collection;

  public CoverageCommand(CliEnvironment env) {
    super(env);
  }

  @Override
  protected int execute() {
    String path = "/api/coverage";
    if (collection != null) {
      path += "?collection=" + CollectionRef.resolve(api(), collection).path("id").asLong();
    }
    return printList(
        api().get(path).path("steps").valueStream().toList(),
        "kind",
        new Table("KIND", "TOOL", "CURRENT>", "STALE>", "MISSING>", "FAILED>", "N/A>", "TOTAL>"),
        (table, s) ->
            table.row(
                s.path("kind").asString(),
                s.path("toolId").asString() + " v" + s.path("toolVersion").asString(),
                s.path("current").asString(),
                s.path("stale").asString(),
                s.path("missing").asString(),
                s.path("failed").asString(),
                s.path("notApplicable").asString(),
                s.path("total").asString()));
  }
}
