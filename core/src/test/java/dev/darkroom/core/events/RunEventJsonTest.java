package dev.darkroom.core.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkroom.core.run.RunStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunEventJsonTest {

  static final JsonSchemaSubset SCHEMA = JsonSchemaSubset.load("/schemas/run-event-v1.schema.json");
  static final Instant AT = Instant.parse("2026-11-23T14:06:36.123Z");

  static final List<RunEvent> EXAMPLES =
      List.of(
          new RunStateChanged(7, null, RunStatus.PENDING, AT),
          new RunStateChanged(7, RunStatus.PLANNING, RunStatus.RUNNING, AT),
          new ChunkCommitted(7, 0, new UnitTally(98, 1, 1), new UnitTally(198, 1, 1), 2000, AT),
          new UnitFailed(
              7,
              "0000000000000000042",
              42,
              "thumbnail: cannot decode image: the JPEG ends before its end-of-image marker",
              AT));

  @Test
  void everyEventTypeMatchesTheSchemaAndReadsBackEqual() {
    for (RunEvent event : EXAMPLES) {
      String json = RunEventJson.toJson(event);

      assertThat(SCHEMA.validate(json)).as(json).isEmpty();
      assertThat(RunEventJson.fromJson(json)).isEqualTo(event);
    }
  }

  @Test
  void theSchemaCatchesWhatIsWrong() {
    assertThat(
            SCHEMA.validate(
                """
                {"schema":"darkroom.run-event/v1","type":"chunk-committed","runId":7,
                 "at":"yesterday","partitionNo":-1,"chunk":{"done":1,"failed":0}}
                """))
        .isNotEmpty();
    assertThat(
            SCHEMA.validate(
                """
                {"schema":"darkroom.run-event/v2","type":"unit-failed","runId":7,
                 "at":"2026-11-23T14:06:36Z","unitKey":"1","assetId":1,"reason":"x"}
                """))
        .isNotEmpty();
  }

  @Test
  void theJsonIsStableFieldByField() {
    assertThat(RunEventJson.toJson(EXAMPLES.get(2)))
        .isEqualTo(
            "{\"schema\":\"darkroom.run-event/v1\",\"type\":\"chunk-committed\",\"runId\":7,"
                + "\"at\":\"2026-11-23T14:06:36.123Z\",\"partitionNo\":0,"
                + "\"chunk\":{\"done\":98,\"failed\":1,\"skipped\":1},"
                + "\"partition\":{\"done\":198,\"failed\":1,\"skipped\":1,\"total\":2000}}");
  }

  @Test
  void unknownFieldsAreIgnoredButAnotherSchemaOrTypeIsRefused() {
    String withExtra =
        RunEventJson.toJson(EXAMPLES.get(1)).replace("{\"schema\"", "{\"extra\":1,\"schema\"");
    assertThat(RunEventJson.fromJson(withExtra)).isEqualTo(EXAMPLES.get(1));

    assertThatThrownBy(
            () -> RunEventJson.fromJson(RunEventJson.toJson(EXAMPLES.get(1)).replace("/v1", "/v2")))
        .isInstanceOf(InvalidRunEventException.class)
        .hasMessageContaining("darkroom.run-event/v2");
    assertThatThrownBy(
            () ->
                RunEventJson.fromJson(
                    RunEventJson.toJson(EXAMPLES.get(1))
                        .replace("run-state-changed", "run-exploded")))
        .isInstanceOf(InvalidRunEventException.class)
        .hasMessageContaining("run-exploded");
    assertThatThrownBy(() -> RunEventJson.fromJson("not json"))
        .isInstanceOf(InvalidRunEventException.class);
  }
}
