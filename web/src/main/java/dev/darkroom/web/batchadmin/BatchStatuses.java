package dev.darkroom.web.batchadmin;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.batch.core.BatchStatus;

/** Reads a status filter as users type it: any case, blank for none. */
final class BatchStatuses {

  static final List<String> NAMES = Arrays.stream(BatchStatus.values()).map(Enum::name).toList();

  private BatchStatuses() {}

  /**
   * @throws InvalidBatchQueryException naming the statuses there are
   */
  static @Nullable BatchStatus parse(@Nullable String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String name = value.trim().toUpperCase(Locale.ROOT);
    if (!NAMES.contains(name)) {
      throw new InvalidBatchQueryException(
          "status", "status must be one of " + String.join(", ", NAMES) + ", not '" + value + "'");
    }
    return BatchStatus.valueOf(name);
  }
}
