package dev.darkroom.cli.config;

import dev.darkroom.cli.ApiCommand;
import dev.darkroom.cli.CliEnvironment;
import dev.darkroom.cli.ExitCode;
import dev.darkroom.cli.UsageException;
import dev.darkroom.cli.api.ApiClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.node.ObjectNode;

/** Checks a server URL and API token against the server, then saves both (0600). */
@Command(
    name = "login",
    description = {
      "Save the server URL and an API token in ~/.config/darkroom/config.json (mode 0600),"
          + " after checking that the server accepts them.",
      "Make a token on the dashboard (Account, API tokens); an OPERATOR token can start runs."
    },
    footerHeading = "%nExample:%n",
    footer = {
      "  darkroom login http://localhost:8080 --token dr_3f2a...",
      "  pass show darkroom | darkroom login https://darkroom.home --token-stdin"
    })
public final class LoginCommand extends ApiCommand {

  @Parameters(
      paramLabel = "URL",
      arity = "0..1",
      description = "the server, e.g. http://localhost:8080 (default: the saved one)")
  String url;

  @Option(names = "--token", paramLabel = "TOKEN", description = "the API token")
  String token;

  @Option(names = "--token-stdin", description = "read the token from standard input")
  boolean tokenStdin;

  LoginCommand(CliEnvironment env) {
    super(env);
  }

  @Override
  protected int execute() throws IOException {
    ConfigStore store = new ConfigStore(env);
    String server = url != null ? url : store.load().url();
    if (!server.matches("https?://.+")) {
      throw new UsageException("the URL must start with http:// or https://, not '" + server + "'");
    }
    String secret = token;
    if (tokenStdin) {
      secret =
          new BufferedReader(new InputStreamReader(env.in(), StandardCharsets.UTF_8)).readLine();
    } else if (secret == null && System.console() != null && env.terminal()) {
      char[] typed = System.console().readPassword("API token for %s: ", server);
      secret = typed == null ? null : new String(typed);
    }
    if (secret == null || secret.isBlank()) {
      throw new UsageException("give the API token with --token TOKEN or --token-stdin");
    }
    secret = secret.trim();
    // A read every role may do: a wrong token or URL fails here, before anything is saved.
    new ApiClient(server, secret).get("/api/pipelines");
    store.save(server, secret);
    ObjectNode answer = ApiClient.JSON.createObjectNode();
    answer.put("url", server.replaceAll("/+$", ""));
    answer.put("configFile", store.file().toString());
    printer()
        .one(
            answer,
            "url",
            p ->
                p.line(
                    "Logged in to "
                        + answer.path("url").asString()
                        + " (saved in "
                        + store.file()
                        + ")"));
    return ExitCode.OK;
  }
}
