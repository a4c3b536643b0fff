package dev.darkroom.cli.scans;

import dev.darkroom.cli.ApiCommand;
import dev.darkroom.cli.CliEnvironment;
import dev.darkroom.cli.output.Printer;
import dev.darkroom.cli.output.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code darkroom scans list|show}. */
@Command(
    name = "scans",
    description = "Past and running catalog scans with their reports.",
    subcommands = {ScansCommand.List.class, ScansCommand.Show.class})
public final class ScansCommand {

  static void report(Printer p, JsonNode s) {
    p.fields(
        "scan", s.path("id").asString() + "  " + p.status(s.path("status").asString()),
        "roots", s.path("roots"),
        "files seen", s.path("filesSeen"),
        "files hashed", s.path("filesHashed"),
        "new assets", s.path("assetsNew"),
        "duplicates", s.path("duplicates"),
        "changed / moved / gone",
            s.path("filesChanged").asString()
                + " / "
                + s.path("filesMoved").asString()
                + " / "
                + s.path("filesGone").asString(),
        "problems", s.path("problems"),
        "duration", s.path("durationSeconds").asString() + " s",
        "error", s.path("error"));
    if (s.path("problemList").size() > 0) {
      Table problems = new Table("ROOT", "PATH~", "KIND", "MESSAGE~");
      s.path("problemList")
          .forEach(
              x ->
                  problems.row(
                      Printer.text(x.path("root")),
                      Printer.text(x.path("relPath")),
                      Printer.text(x.path("kind")),
                      Printer.text(x.path("message"))));
      p.section(problems);
    }
  }

  @Command(
      name = "list",
      description = "Scans, newest first.",
      footerHeading = "%nExample:%n",
      footer = "  darkroom scans list --limit 5")
  static final class List extends ApiCommand {
    @Option(names = "--limit", paramLabel = "N", description = "at most N (default 20, 0: all)")
    int limit = 20;

    List(CliEnvironment env) {
      super(env);
    }

    @Override
    protected int execute() {
      return printList(
          api().items("/api/scans", limit),
          "id",
          new Table("ID>", "STATUS", "SEEN>", "NEW>", "PROBLEMS>", "STARTED", "ROOTS~"),
          (table, s) ->
              table.row(
                  s.path("id").asString(),
                  s.path("status").asString(),
                  s.path("filesSeen").asString(),
                  s.path("assetsNew").asString(),
                  s.path("problems").asString(),
                  Printer.time(s.path("startedAt")),
                  String.join(
                      ",", s.path("roots").valueStream().map(JsonNode::asString).toList())));
    }
  }

  @Command(
      name = "show",
      description = "A scan's report: totals and up to 1,000 problems with reasons.",
      footerHeading = "%nExample:%n",
      footer = "  darkroom scans show 3 -o json")
  static final class Show extends ApiCommand {
    @Parameters(paramLabel = "ID", description = "the scan's id")
    long id;

    Show(CliEnvironment env) {
      super(env);
    }

    @Override
    protected int execute() {
      return printOne(api().get("/api/scans/" + id), ScansCommand::report);
    }
  }
}
