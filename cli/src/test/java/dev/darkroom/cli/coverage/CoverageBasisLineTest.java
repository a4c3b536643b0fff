package dev.darkroom.cli.coverage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.cli.api.ApiClient;
import org.junit.jupiter.api.Test;

/** The line under {@code darkroom coverage}'s table that says how the counts were obtained. */
class CoverageBasisLineTest {

  @Test
  void eachBasisIsNamedWithWhatItMeans() {
    assertThat(
            CoverageCommand.basis(
                ApiClient.JSON.readTree(
                    "{\"basis\":\"COUNTERS\",\"readAt\":\"2026-01-01T00:00:00Z\"}")))
        .startsWith("basis: COUNTERS (read from counters, exact as of ");
    assertThat(
            CoverageCommand.basis(
                ApiClient.JSON.readTree(
                    "{\"basis\":\"KEPT\",\"membership\":{\"filling\":false,\"pendingChanges\":3,"
                        + "\"currentAsOf\":\"2026-01-01T00:00:00Z\"}}")))
        .startsWith("basis: KEPT (read from counters over the collection's kept members")
        .endsWith(", 3 changes pending)");
    assertThat(
            CoverageCommand.basis(
                ApiClient.JSON.readTree(
                    "{\"basis\":\"KEPT\",\"membership\":{\"filling\":false,\"pendingChanges\":0,"
                        + "\"currentAsOf\":\"2026-01-01T00:00:00Z\"}}")))
        .endsWith(", nothing pending)");
    assertThat(
            CoverageCommand.basis(
                ApiClient.JSON.readTree(
                    "{\"basis\":\"COUNTED\",\"membership\":{\"filling\":true,\"pendingChanges\":0,"
                        + "\"currentAsOf\":null}}")))
        .isEqualTo(
            "basis: COUNTED (counted now from the collection's query's matches (its kept members"
                + " are being filled))");
  }
}
