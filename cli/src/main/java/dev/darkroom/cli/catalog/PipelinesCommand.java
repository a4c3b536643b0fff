package dev.darkroom.cli.catalog;

import dev.darkroom.cli.ApiCommand;
import dev.darkroom.cli.CliEnvironment;
import dev.darkroom.cli.output.Table;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;

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
      return printList(
          api().get("/api/pipelines").valueStream().toList(),
          "id",
          new Table("ID", "VERSION", "TOOLS~"),
          (table, p) ->
              table.row(
                  p.path("id").asString(),
                  p.path("version").asString(),
                  p.path("tools")
                      .valueStream()
                      .map(t -> t.path("id").asString() + "@" + t.path("version").asString())
                      .collect(Collectors.joining(", "))));
    }
  }
}
