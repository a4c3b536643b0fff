package dev.darkroom.cli.catalog;

import dev.darkroom.cli.ApiCommand;
import dev.darkroom.cli.CliEnvironment;
import dev.darkroom.cli.ExitCode;
import dev.darkroom.cli.output.Table;
import java.util.ArrayList;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import picocli.CommandLine.Command;
import tools.jackson.databind.JsonNode;

/** {@code darkroom pipelines list}. */
@Command(
    name = "pipelines",
    description = "The pipelines this server runs.",
    subcommands = PipelinesCommand.List.class)
public final class PipelinesCommand {

  @Command(
      name = "list",
      description = "List pipelines with their version and tools (GET /api/pipelines).",
      footerHeading = "%nExample:%n",
      footer = "  darkroom pipelines list -o json")
  static final class List extends ApiCommand {
    List(CliEnvironment env) {
      super(env);
    }

    @Override
    protected int execute() {
      java.util.List<JsonNode> items = new ArrayList<>();
      api().get("/api/pipelines").forEach(items::add);
      Table table = new Table("ID", "VERSION", "TOOLS~");
      for (JsonNode p : items) {
        table.row(
            p.path("id").asString(),
            p.path("version").asString(),
            StreamSupport.stream(p.path("tools").spliterator(), false)
                .map(t -> t.path("id").asString() + "@" + t.path("version").asString())
                .collect(Collectors.joining(", ")));
      }
      printer().list(items, "id", table);
      return ExitCode.OK;
    }
  }
}
