package dev.darkroom.core.events;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Validates JSON against a JSON Schema (draft 2020-12) using the keywords the run event schema
 * uses: {@code $ref} to {@code #/$defs/…}, {@code oneOf}, {@code allOf}, {@code type}, {@code
 * required}, {@code properties}, {@code const}, {@code enum}, {@code minimum}, {@code minLength}
 * and {@code format: date-time}. Any other keyword fails loudly, so the schema cannot silently
 * outgrow this checker.
 */
final class JsonSchemaSubset {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final List<String> KNOWN =
      List.of(
          "$schema",
          "$id",
          "title",
          "description",
          "$defs",
          "$ref",
          "oneOf",
          "allOf",
          "type",
          "required",
          "properties",
          "const",
          "enum",
          "minimum",
          "minLength",
          "format");

  private final JsonNode root;

  private JsonSchemaSubset(JsonNode root) {
    this.root = root;
  }

  static JsonSchemaSubset load(String classpathResource) {
    try (InputStream in = JsonSchemaSubset.class.getResourceAsStream(classpathResource)) {
      if (in == null) {
        throw new IllegalArgumentException("no " + classpathResource + " on the class path");
      }
      return new JsonSchemaSubset(JSON.readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The violations, empty when {@code json} is valid. */
  List<String> validate(String json) {
    List<String> errors = new ArrayList<>();
    check(root, JSON.readTree(json), "$", errors);
    return errors;
  }

  private void check(JsonNode schema, JsonNode value, String path, List<String> errors) {
    for (Map.Entry<String, JsonNode> keyword : schema.properties()) {
      if (!KNOWN.contains(keyword.getKey())) {
        throw new IllegalStateException("unsupported schema keyword " + keyword.getKey());
      }
    }
    if (schema.has("$ref")) {
      String ref = schema.get("$ref").stringValue();
      if (!ref.startsWith("#/$defs/")) {
        throw new IllegalStateException("unsupported $ref " + ref);
      }
      check(root.get("$defs").get(ref.substring("#/$defs/".length())), value, path, errors);
    }
    if (schema.has("allOf")) {
      for (JsonNode sub : schema.get("allOf")) {
        check(sub, value, path, errors);
      }
    }
    if (schema.has("oneOf")) {
      int matching = 0;
      List<String> why = new ArrayList<>();
      for (JsonNode sub : schema.get("oneOf")) {
        List<String> subErrors = new ArrayList<>();
        check(sub, value, path, subErrors);
        if (subErrors.isEmpty()) {
          matching++;
        } else {
          why.add(String.join("; ", subErrors));
        }
      }
      if (matching != 1) {
        errors.add(path + ": matches " + matching + " of oneOf " + why);
      }
    }
    if (schema.has("type") && !hasType(value, schema.get("type").stringValue())) {
      errors.add(path + ": not of type " + schema.get("type").stringValue());
      return;
    }
    if (schema.has("const") && !schema.get("const").equals(value)) {
      errors.add(path + ": is " + value + ", not " + schema.get("const"));
    }
    if (schema.has("enum")) {
      boolean found = false;
      for (JsonNode allowed : schema.get("enum")) {
        found |= allowed.equals(value);
      }
      if (!found) {
        errors.add(path + ": " + value + " is not one of " + schema.get("enum"));
      }
    }
    if (schema.has("minimum")
        && value.isNumber()
        && value.longValue() < schema.get("minimum").longValue()) {
      errors.add(path + ": " + value + " is below " + schema.get("minimum"));
    }
    if (schema.has("minLength")
        && value.isString()
        && value.stringValue().length() < schema.get("minLength").intValue()) {
      errors.add(path + ": shorter than " + schema.get("minLength"));
    }
    if (schema.has("format") && value.isString()) {
      if (!schema.get("format").stringValue().equals("date-time")) {
        throw new IllegalStateException("unsupported format " + schema.get("format"));
      }
      try {
        Instant.parse(value.stringValue());
      } catch (DateTimeParseException e) {
        errors.add(path + ": not a date-time: " + value);
      }
    }
    if (schema.has("required") && value.isObject()) {
      for (JsonNode name : schema.get("required")) {
        if (!value.has(name.stringValue())) {
          errors.add(path + ": lacks required '" + name.stringValue() + "'");
        }
      }
    }
    if (schema.has("properties") && value.isObject()) {
      for (Map.Entry<String, JsonNode> property : schema.get("properties").properties()) {
        if (value.has(property.getKey())) {
          check(
              property.getValue(),
              value.get(property.getKey()),
              path + "." + property.getKey(),
              errors);
        }
      }
    }
  }

  private static boolean hasType(JsonNode value, String type) {
    switch (type) {
      case "object":
        return value.isObject();
      case "string":
        return value.isString();
      case "integer":
        return value.isIntegralNumber();
      case "null":
        return value.isNull();
      default:
        throw new IllegalStateException("unsupported type " + type);
    }
  }
}
