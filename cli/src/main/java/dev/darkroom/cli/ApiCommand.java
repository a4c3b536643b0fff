package dev.darkroom.cli;

import dev.darkroom.cli.api.ApiClient;
import dev.darkroom.cli.api.ApiException;
import dev.darkroom.cli.api.InvalidQueryException;
import dev.darkroom.cli.config.CliConfig;
import dev.darkroom.cli.config.ConfigStore;
import dev.darkroom.cli.output.OutputOptions;
import dev.darkroom.cli.output.Printer;
import dev.darkroom.cli.output.Table;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import picocli.CommandLine.Mixin;
import tools.jackson.databind.JsonNode;

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

  /**
   * Prints one answer as asked: its JSON, its id ({@code -q}), or what {@code human} writes.
   *
   * @return {@link ExitCode#OK}
   */
  protected int printOne(JsonNode node, BiConsumer<Printer, JsonNode> human) {
    printer().one(node, "id", p -> human.accept(p, node));
    return ExitCode.OK;
  }

  /**
   * Prints a list as asked: a JSON array, one {@code idField} a line ({@code -q}), or {@code table}
   * with the row {@code row} adds for each item.
   *
   * @return {@link ExitCode#OK}
   */
  protected int printList(
      List<JsonNode> items, String idField, Table table, BiConsumer<Table, JsonNode> row) {
    items.forEach(item -> row.accept(table, item));
    printer().list(items, idField, table);
    return ExitCode.OK;
  }

  /**
   * Deletes a collection or schedule (found with {@link dev.darkroom.cli.api.IdOrName}) and says
   * which one went.
   *
   * @return {@link ExitCode#OK}
   */
  protected int deleteNamed(String noun, JsonNode resource) {
    api().delete("/api/" + noun + "s/" + resource.path("id").asLong());
    return printOne(
        resource,
        (p, r) ->
            p.line(
                "Deleted "
                    + noun
                    + " "
                    + r.path("id").asString()
                    + " ("
                    + r.path("name").asString()
                    + ")"));
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
