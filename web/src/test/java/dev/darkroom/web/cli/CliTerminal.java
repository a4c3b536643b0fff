package dev.darkroom.web.cli;

import dev.darkroom.cli.CliEnvironment;
import dev.darkroom.cli.DarkroomCli;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs {@code darkroom ...} in this JVM as a user's shell would (own environment, own home, no
 * terminal unless asked, a fixed width) and keeps what it printed.
 */
final class CliTerminal {

  static final JsonMapper JSON = JsonMapper.builder().build();

  final Map<String, String> env = new HashMap<>();
  final Path home;
  String stdin = "";
  int columns = 80;
  private StringWriter out = new StringWriter();
  private StringWriter err = new StringWriter();

  CliTerminal(Path home) {
    this.home = home;
  }

  int run(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    return DarkroomCli.run(
        new CliEnvironment(
            Map.copyOf(env),
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
            false,
            columns,
            home),
        args);
  }

  /** Runs a command that must succeed and answers its {@code --output json}. */
  JsonNode json(String... args) {
    String[] withJson = new String[args.length + 2];
    System.arraycopy(args, 0, withJson, 0, args.length);
    withJson[args.length] = "-o";
    withJson[args.length + 1] = "json";
    int code = run(withJson);
    if (code != 0) {
      throw new AssertionError(
          "darkroom " + String.join(" ", args) + " exited " + code + ": " + err() + out());
    }
    return JSON.readTree(out());
  }

  String out() {
    return out.toString();
  }

  String err() {
    return err.toString();
  }
}
