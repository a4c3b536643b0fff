package dev.darkroom.cli;

import dev.darkroom.cli.api.ApiClient;
import dev.darkroom.cli.api.ApiException;
import dev.darkroom.cli.api.InvalidQueryException;
import dev.darkroom.cli.config.CliConfig;
import dev.darkroom.cli.config.ConfigStore;
import dev.darkroom.cli.output.OutputOptions;
import dev.darkroom.cli.output.Printer;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/**
 * A command that talks to the server and prints an answer: {@code --output} and {@code -q} come
 * with it, the server and token from {@link ConfigStore}.
 */
public abstract class ApiCommand implements Callable<Integer> {

  @Mixin protected OutputOptions output = new OutputOptions();

  protected final CliEnvironment env;
  private ApiClient api;

  protected ApiCommand(CliEnvironment env) {
    this.env = env;
  }

  protected ApiClient api() {
    if (api == null) {
      CliConfig config = new ConfigStore(env).load();
      api = new ApiClient(config.url(), config.token());
    }
    return api;
  }

  protected Printer printer() {
    return new Printer(env, output);
  }

  /** Checks a query with the server before using it, so a typo is shown with a caret. */
  protected long preview(String query) {
    try {
      return api()
          .get("/api/collections/preview" + ApiClient.query("q", query))
          .path("count")
          .asLong();
    } catch (ApiException e) {
      throw InvalidQueryException.of(e, query);
    }
  }

  @Override
  public final Integer call() throws Exception {
    return execute();
  }

  protected abstract int execute() throws Exception;
}
