package dev.darkroom.core.events;

import dev.darkroom.core.run.RunStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one JSON form of run events, schema {@value #SCHEMA}: on NATS and in the API's event stream.
 * Documented with an example of each type in {@code docs/events.md}; the JSON Schema is {@code
 * /schemas/run-event-v1.schema.json} on the class path.
 *
 * <p>Every event has {@code schema}, {@code type} ({@value #STATE_CHANGED}, {@value
 * #CHUNK_COMMITTED} or {@value #UNIT_FAILED}), {@code runId} and {@code at} (ISO-8601 UTC). A
 * compatible change (a new field) keeps {@code v1}; readers ignore fields they do not know.
 * Anything else gets a new schema name.
 */
public final class RunEventJson {

  public static final String SCHEMA = "darkroom.run-event/v1";
  public static final String STATE_CHANGED = "run-state-changed";
  public static final String CHUNK_COMMITTED = "chunk-committed";
  public static final String UNIT_FAILED = "unit-failed";

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private RunEventJson() {}

  /** The event's {@code type}. */
  public static String type(RunEvent event) {
    if (event instanceof RunStateChanged) {
      return STATE_CHANGED;
    }
    if (event instanceof ChunkCommitted) {
      return CHUNK_COMMITTED;
    }
    return UNIT_FAILED;
  }

  public static String toJson(RunEvent event) {
    ObjectNode node = JSON.createObjectNode();
    node.put("schema", SCHEMA);
    node.put("type", type(event));
    node.put("runId", event.runId());
    node.put("at", event.at().toString());
    if (event instanceof RunStateChanged changed) {
      node.put("from", changed.from() == null ? null : changed.from().name());
      node.put("to", changed.to().name());
    } else if (event instanceof ChunkCommitted chunk) {
      node.put("partitionNo", chunk.partitionNo());
      tally(node.putObject("chunk"), chunk.chunk());
      tally(node.putObject("partition"), chunk.partition()).put("total", chunk.partitionUnits());
    } else if (event instanceof UnitFailed failed) {
      node.put("unitKey", failed.unitKey());
      node.put("assetId", failed.assetId());
      node.put("reason", failed.reason());
    }
    return JSON.writeValueAsString(node);
  }

  public static byte[] toBytes(RunEvent event) {
    return toJson(event).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * @throws InvalidRunEventException if it is not JSON, not schema {@value #SCHEMA}, of an unknown
   *     type, or lacks a field its type needs
   */
  public static RunEvent fromJson(String json) {
    JsonNode node;
    try {
      node = JSON.readTree(json);
    } catch (JacksonException e) {
      throw new InvalidRunEventException("not JSON: " + e.getOriginalMessage(), e);
    }
    if (node == null || !node.isObject()) {
      throw new InvalidRunEventException("a run event is a JSON object");
    }
    String schema = node.path("schema").asString("");
    if (!schema.equals(SCHEMA)) {
      throw new InvalidRunEventException(
          "schema '" + schema + "' is not " + SCHEMA + " (a newer publisher?)");
    }
    String type = text(node, "type");
    long runId = number(node, "runId");
    Instant at = instant(node);
    switch (type) {
      case STATE_CHANGED:
        String from = node.path("from").isString() ? node.path("from").stringValue() : null;
        return new RunStateChanged(
            runId, from == null ? null : status(from), status(text(node, "to")), at);
      case CHUNK_COMMITTED:
        JsonNode partition = object(node, "partition");
        return new ChunkCommitted(
            runId,
            Math.toIntExact(number(node, "partitionNo")),
            tally(object(node, "chunk")),
            tally(partition),
            number(partition, "total"),
            at);
      case UNIT_FAILED:
        return new UnitFailed(
            runId, text(node, "unitKey"), number(node, "assetId"), text(node, "reason"), at);
      default:
        throw new InvalidRunEventException("unknown run event type '" + type + "'");
    }
  }

  public static RunEvent fromBytes(byte[] json) {
    return fromJson(new String(json, StandardCharsets.UTF_8));
  }

  private static ObjectNode tally(ObjectNode node, UnitTally tally) {
    return node.put("done", tally.done())
        .put("failed", tally.failed())
        .put("skipped", tally.skipped());
  }

  private static UnitTally tally(JsonNode node) {
    return new UnitTally(number(node, "done"), number(node, "failed"), number(node, "skipped"));
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isString()) {
      throw new InvalidRunEventException("'" + field + "' must be a string");
    }
    return value.stringValue();
  }

  private static long number(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isIntegralNumber()) {
      throw new InvalidRunEventException("'" + field + "' must be an integer");
    }
    return value.longValue();
  }

  private static JsonNode object(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isObject()) {
      throw new InvalidRunEventException("'" + field + "' must be an object");
    }
    return value;
  }

  private static Instant instant(JsonNode node) {
    try {
      return Instant.parse(text(node, "at"));
    } catch (DateTimeParseException e) {
      throw new InvalidRunEventException("'at' must be an ISO-8601 instant", e);
    }
  }

  private static RunStatus status(String name) {
    try {
      return RunStatus.valueOf(name);
    } catch (IllegalArgumentException e) {
      throw new InvalidRunEventException("unknown run status '" + name + "'", e);
    }
  }
}
