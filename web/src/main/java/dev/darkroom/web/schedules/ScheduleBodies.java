package dev.darkroom.web.schedules;

import dev.darkroom.core.tool.InvalidToolParametersException;
import dev.darkroom.core.tool.ToolParameters;
import dev.darkroom.orchestrator.schedules.InvalidScheduleException;
import dev.darkroom.orchestrator.schedules.ScheduleDraft;
import dev.darkroom.orchestrator.schedules.ScheduleOverlap;
import dev.darkroom.orchestrator.schedules.ScheduleTiming;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.convert.DurationStyle;

/** Turns a {@link ScheduleBody} into a {@link ScheduleDraft}, naming the field that is wrong. */
final class ScheduleBodies {

  private ScheduleBodies() {}

  static ScheduleDraft toDraft(ScheduleBody body) {
    ScheduleBody.Scope scope = body.scope();
    Long collectionId = null;
    String query = null;
    if (scope != null) {
      int given =
          (scope.collectionId() == null ? 0 : 1)
              + (scope.query() == null || scope.query().isBlank() ? 0 : 1)
              + (Boolean.TRUE.equals(scope.all()) ? 1 : 0);
      if (given > 1) {
        throw new InvalidScheduleException(
            "scope takes at most one of collectionId, query or all=true; this one has " + given);
      }
      collectionId = scope.collectionId();
      query = scope.query();
    }
    return new ScheduleDraft(
        body.name(),
        body.pipeline(),
        collectionId,
        query,
        body.thumbnailSize(),
        parameters(body.parameters()),
        Boolean.TRUE.equals(body.force()),
        new ScheduleTiming(
            body.cron(), duration("interval", body.interval()), orUtc(body.timeZone())),
        overlap(body.overlap()),
        duration("catchupWindow", body.catchupWindow()),
        Boolean.TRUE.equals(body.paused()),
        body.note());
  }

  static ScheduleOverlap overlap(@Nullable String overlap) {
    if (overlap == null || overlap.isBlank()) {
      return ScheduleOverlap.SKIP;
    }
    try {
      return ScheduleOverlap.valueOf(overlap.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new InvalidScheduleException(
          "overlap must be SKIP or BUFFER_ONE, not '" + overlap + "'");
    }
  }

  static @Nullable Duration duration(String field, @Nullable String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return DurationStyle.detectAndParse(text.trim());
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new InvalidScheduleException(
          field + " '" + text + "' is not a duration; use e.g. 6h, 30m, 1d or PT1H");
    }
  }

  /** A duration as a person writes it: 1h, 30m, 45s, 2d. */
  static @Nullable String text(@Nullable Duration duration) {
    if (duration == null) {
      return null;
    }
    long s = duration.toSeconds();
    if (s % 86_400 == 0) {
      return s / 86_400 + "d";
    }
    if (s % 3600 == 0) {
      return s / 3600 + "h";
    }
    if (s % 60 == 0) {
      return s / 60 + "m";
    }
    return s + "s";
  }

  private static String orUtc(@Nullable String zone) {
    return zone == null || zone.isBlank() ? "UTC" : zone;
  }

  private static ToolParameters parameters(@Nullable Map<String, Object> parameters) {
    if (parameters == null || parameters.isEmpty()) {
      return ToolParameters.empty();
    }
    for (Map.Entry<String, Object> tool : parameters.entrySet()) {
      if (!(tool.getValue() instanceof Map)) {
        throw new InvalidScheduleException(
            "parameters."
                + tool.getKey()
                + " must be an object of that tool's parameters, e.g. {\"maxSize\":384}");
      }
    }
    try {
      return ToolParameters.of(parameters);
    } catch (InvalidToolParametersException e) {
      throw new InvalidScheduleException("parameters: " + e.getMessage());
    }
  }
}
