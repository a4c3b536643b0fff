package dev.darkroom.cli.coverage;

import dev.darkroom.cli.ApiCommand;
import dev.darkroom.cli.CliEnvironment;
import dev.darkroom.cli.collections.CollectionRef;
import dev.darkroom.cli.output.Printer;
import dev.darkroom.cli.output.Table;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/** {@code darkroom coverage [--collection C]} (GET /api/coverage). */
@Command(
    name = "coverage",
    description = {
      "Per pipeline step, how many live assets are current (made by the tool version and"
          + " parameters pinned now), stale, missing, failed or not applicable (GET /api/coverage).",
      "The asset query terms current:KIND, stale:KIND, missing:KIND and failed:KIND list them.",
      "Under the table, a line says how the counts were obtained: COUNTERS (kept counters),"
          + " KEPT (counters over a dynamic collection's kept members, with the changes still"
          + " pending) or COUNTED (counted now from a dynamic collection's query)."
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
    JsonNode answer = api().get(path);
    int exit =
        printList(
            answer.path("steps").valueStream().toList(),
            "kind",
            new Table(
                "KIND", "TOOL", "CURRENT>", "STALE>", "MISSING>", "FAILED>", "N/A>", "TOTAL>"),
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
    Printer printer = printer();
    if (!printer.json() && !printer.quiet()) {
      printer.line(basis(answer));
    }
    return exit;
  }

  /** "basis: KEPT, current as of …, 3 changes pending", as the coverage page labels it. */
  static String basis(JsonNode answer) {
    String basis = answer.path("basis").asString();
    JsonNode membership = answer.path("membership");
    String detail =
        switch (basis) {
          case "COUNTERS" ->
              "read from counters, exact as of " + Printer.time(answer.path("readAt"));
          case "KEPT" -> {
            long pending = membership.path("pendingChanges").asLong();
            yield "read from counters over the collection's kept members, current as of "
                + Printer.time(membership.path("currentAsOf"))
                + (pending == 0
                    ? ", nothing pending"
                    : ", " + (pending >= 10_000 ? "10000 or more" : pending) + " changes pending");
          }
          case "COUNTED" ->
              "counted now from the collection's query's matches"
                  + (membership.path("filling").asBoolean(false)
                      ? " (its kept members are being filled)"
                      : "");
          default -> basis;
        };
    return "basis: " + basis + " (" + detail + ")";
  }
}
