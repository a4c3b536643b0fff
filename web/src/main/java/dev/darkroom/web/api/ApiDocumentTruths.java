package dev.darkroom.web.api;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.Map;
import java.util.Set;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * Makes the generated document say what the server really answers: every error of every {@code
 * /api} operation as {@code application/problem+json} with the {@code Problem} schema, and the
 * errors each can meet — 400 (bad input), 401 (no or bad token), 403 (role missing), 404 (unknown
 * id, where the path has one), 409 (state conflicts, on calls that change state), 415 (a body that
 * is not JSON), 503 (the database or Temporal unreachable) — and every request body required.
 */
final class ApiDocumentTruths implements OpenApiCustomizer {

  static final String PROBLEM = "Problem";
  private static final String PROBLEM_JSON = "application/problem+json";
  private static final Set<PathItem.HttpMethod> CHANGES_STATE =
      Set.of(
          PathItem.HttpMethod.POST,
          PathItem.HttpMethod.PUT,
          PathItem.HttpMethod.PATCH,
          PathItem.HttpMethod.DELETE);

  @Override
  public void customise(OpenAPI openApi) {
    openApi.getComponents().addSchemas(PROBLEM, problemSchema());
    if (openApi.getPaths() == null) {
      return;
    }
    openApi
        .getPaths()
        .forEach(
            (path, item) -> {
              if (!path.startsWith("/api")) {
                return;
              }
              item.readOperationsMap()
                  .forEach((method, operation) -> truths(path, method, operation));
            });
  }

  private static void truths(String path, PathItem.HttpMethod method, Operation operation) {
    ApiResponses responses = operation.getResponses();
    if (responses == null) {
      responses = new ApiResponses();
      operation.setResponses(responses);
    }
    boolean hasInput =
        (operation.getParameters() != null && !operation.getParameters().isEmpty())
            || operation.getRequestBody() != null;
    if (hasInput) {
      error(responses, "400", "The request is invalid; detail names the field or parameter");
    }
    error(responses, "401", "No API token, or one that is unknown, expired or revoked");
    error(responses, "403", "The token's role may not do this");
    if (path.contains("{")) {
      error(responses, "404", "Nothing has this id");
    }
    if (CHANGES_STATE.contains(method)) {
      error(responses, "409", "Not possible in the current state");
    }
    if (operation.getRequestBody() != null) {
      operation.getRequestBody().setRequired(true);
      error(responses, "415", "The body is not application/json");
    }
    error(responses, "503", "The database (or Temporal) cannot be reached; see Retry-After");
    responses.forEach(
        (code, response) -> {
          if (code.startsWith("4") || code.startsWith("5")) {
            response.setContent(problemContent());
          }
        });
  }

  private static void error(ApiResponses responses, String code, String description) {
    if (!responses.containsKey(code)) {
      responses.addApiResponse(
          code, new ApiResponse().description(description).content(problemContent()));
    }
  }

  private static Content problemContent() {
    return new Content()
        .addMediaType(
            PROBLEM_JSON,
            new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM)));
  }

  @SuppressWarnings({"rawtypes", "unchecked"})
  private static Schema<?> problemSchema() {
    Schema problem = new ObjectSchema();
    problem.description(
        "RFC 9457 problem details; type ends in one of the suffixes in docs/api.md, and some"
            + " problems carry extra members (parameter, column, executionId...)");
    problem.setProperties(
        new java.util.LinkedHashMap<String, Schema>(
            Map.of(
                "type", new StringSchema().format("uri"),
                "title", new StringSchema(),
                "status", new IntegerSchema(),
                "detail", new StringSchema(),
                "instance", new StringSchema())));
    problem.setAdditionalProperties(true);
    return problem;
  }

  /** A JSON-schema 'null' alternative, for nullable references in OpenAPI 3.1. */
  static Schema<?> nullSchema() {
    JsonSchema none = new JsonSchema();
    none.addType("null");
    return none;
  }
}
