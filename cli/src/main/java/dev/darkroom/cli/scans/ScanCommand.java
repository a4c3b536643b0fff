package dev.darkroom.cli.scans;

import dev.darkroom.cli.ApiCommand;
import dev.darkroom.cli.CliEnvironment;
import dev.darkroom.cli.ExitCode;
import dev.darkroom.cli.UsageException;
import dev.darkroom.cli.api.ApiClient;
import dev.darkroom.cli.output.Printer;
import dev.darkroom.cli.output.ProgressBar;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code darkroom scan}: catalog the server's archive roots. */
@Command(
    name = "scan",
    description = {
      "Scan the server's archive roots (darkroom.archive.roots) into the catalog, in the"
          + " background; --watch follows it to the end with a progress line.",
      "The server always scans every configured root: ROOTs you name are checked to be among"
          + " them (exit 2 when one is not).",
      "A scan has no live events: --watch asks for its report every second. Ctrl-C stops"
          + " watching; the scan goes on."
    },
    footerHeading = "%nExample:%n",
    footer = {"  darkroom scan --watch", "  darkroom scan /srv/photos --full -o json --watch"})
public final class ScanCommand extends ApiCommand {

  static final Duration POLL = Duration.ofSeconds(1);

  @Parameters(
      paramLabel = "ROOT",
      arity = "0..*",
      description = "roots the scan must cover (name or path)")
  List<String> roots = new ArrayList<>();

  @Option(names = "--full", description = "hash every file again, even unchanged ones")
  boolean full;

  @Option(
      names = "--watch",
      description = "follow the scan until it ends; exit 1 unless it completes")
  boolean watch;

  ScanCommand(CliEnvironment env) {
    super(env);
  }

  @Override
  protected int execute() throws InterruptedException {
    ObjectNode body = ApiClient.JSON.createObjectNode();
    body.put("full", full);
    JsonNode accepted = api().post("/api/scans", body);
    long id = accepted.path("id").asLong();
    JsonNode scan = api().get("/api/scans/" + id);
    checkRoots(scan);
    Printer printer = printer();
    if (!watch) {
      printer.one(
          scan,
          "id",
          p ->
              p.line(
                  "Scan "
                      + id
                      + " started over "
                      + scan.path("roots").toString()
                      + "; follow it with `darkroom scans show "
                      + id
                      + "`"));
      return ExitCode.OK;
    }
    try (ProgressBar bar = new ProgressBar(printer)) {
      JsonNode now = scan;
      while (now.path("status").asString().equals("RUNNING")) {
        bar.update(
            "scan " + id,
            now.path("filesSeen").asLong(),
            0,
            "files seen, "
                + now.path("filesHashed").asLong()
                + " hashed, "
                + now.path("problems").asLong()
                + " problems");
        Thread.sleep(POLL.toMillis());
        now = api().get("/api/scans/" + id);
      }
      printOne(now, ScansCommand::report);
      return now.path("status").asString().equals("COMPLETED") ? ExitCode.OK : ExitCode.FAILED;
    }
  }

  private void checkRoots(JsonNode scan) {
    List<String> configured = new ArrayList<>();
    scan.path("roots").forEach(r -> configured.add(r.asString()));
    for (String root : roots) {
      boolean known =
          configured.stream()
              .anyMatch(
                  c ->
                      c.equals(root)
                          || Path.of(c)
                              .normalize()
                              .equals(Path.of(root).toAbsolutePath().normalize())
                          || (Path.of(c).getFileName() != null
                              && Path.of(c).getFileName().toString().equals(root)));
      if (!known) {
        throw new UsageException(
            "the server has no archive root '"
                + root
                + "' (it scans "
                + configured
                + "); add it to darkroom.archive.roots on the server. Scan "
                + scan.path("id").asString()
                + " of the configured roots goes on");
      }
    }
  }
}
