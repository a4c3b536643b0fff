package dev.darkroom.web.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * Problem types of exceptions that cannot implement {@link ProblemException} (they live below the
 * web layer): exception class to status, type and title. The closest entry up an exception's class
 * hierarchy wins, so a subclass may have its own line.
 */
final class ProblemTable {

  private record Entry<T extends Throwable>(
      HttpStatus status,
      String type,
      String title,
      Function<T, String> detail,
      Function<T, Map<String, Object>> properties) {

    @SuppressWarnings("unchecked")
    ProblemDetail problem(Throwable error) {
      T typed = (T) error;
      ProblemDetail problem = ApiProblemHandler.problem(status, type, title, detail.apply(typed));
      properties.apply(typed).forEach(problem::setProperty);
      return problem;
    }
  }

  private final Map<Class<?>, Entry<?>> entries = new LinkedHashMap<>();

  <T extends Throwable> ProblemTable add(
      Class<T> type, HttpStatus status, String problemType, String title) {
    return add(type, status, problemType, title, Throwable::getMessage, e -> Map.of());
  }

  <T extends Throwable> ProblemTable add(
      Class<T> type,
      HttpStatus status,
      String problemType,
      String title,
      Function<T, String> detail,
      Function<T, Map<String, Object>> properties) {
    entries.put(type, new Entry<>(status, problemType, title, detail, properties));
    return this;
  }

  /** The problem of the closest entry up the error's class hierarchy, or null if none. */
  @Nullable ProblemDetail problemFor(Throwable error) {
    for (Class<?> type = error.getClass(); type != null; type = type.getSuperclass()) {
      Entry<?> entry = entries.get(type);
      if (entry != null) {
        return entry.problem(error);
      }
    }
    return null;
  }
}
