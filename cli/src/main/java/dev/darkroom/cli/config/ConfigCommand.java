package dev.darkroom.cli.config;

import dev.darkroom.cli.ApiCommand;
import dev.darkroom.cli.CliEnvironment;
import dev.darkroom.cli.ExitCode;
import dev.darkroom.cli.api.ApiClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.node.ObjectNode;

/** Shows (and changes) where the command line connects and with which token. */
@Command(
    name = "config",
    description = {
      "Show the server URL and token in use and where each comes from (DARKROOM_URL and"
          + " DARKROOM_TOKEN override the config file); change the URL or forget the token."
    },
    footerHeading = "%nExample:%n",
    footer = {"  darkroom config", "  darkroom config --url https://darkroom.home --forget-token"})
public final class ConfigCommand extends ApiCommand {

  @Option(names = "--url", paramLabel = "URL", description = "save this server URL")
  String url;

  @Option(names = "--forget-token", description = "remove the saved token")
  boolean forgetToken;

  ConfigCommand(CliEnvironment env) {
    super(env);
  }

  @Override
  protected int execute() {
    ConfigStore store = new ConfigStore(env);
    if (url != null) {
      store.save(url, null);
    }
    if (forgetToken) {
      store.forgetToken();
    }
    CliConfig config = store.load();
    ObjectNode answer = ApiClient.JSON.createObjectNode();
    answer.put("url", config.url());
    answer.put("urlSource", config.urlSource());
    answer.put("token", config.token() == null ? null : mask(config.token()));
    answer.put("tokenSource", config.tokenSource());
    answer.put("configFile", store.file().toString());
    printer()
        .one(
            answer,
            "url",
            p ->
                p.fields(
                    "url",
                    config.url() + "  (" + config.urlSource() + ")",
                    "token",
                    config.token() == null
                        ? "none (darkroom login)"
                        : mask(config.token()) + "  (" + config.tokenSource() + ")",
                    "config file",
                    store.file()));
    return ExitCode.OK;
  }

  /** Enough of a token to tell two apart, never enough to use it. */
  static String mask(String token) {
    return token.length() <= 8
        ? "****"
        : token.substring(0, 4) + "…" + token.substring(token.length() - 2);
  }
}
