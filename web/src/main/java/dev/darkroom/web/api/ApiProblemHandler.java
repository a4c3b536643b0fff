package dev.darkroom.web.api;

import dev.darkroom.batch.preflight.RunPreflightException;
import dev.darkroom.batch.scan.NoArchiveRootsException;
import dev.darkroom.core.asset.UnknownAssetException;
import dev.darkroom.core.catalog.ScanAlreadyRunningException;
import dev.darkroom.core.collection.CollectionInUseException;
import dev.darkroom.core.collection.InvalidCollectionException;
import dev.darkroom.core.collection.UnknownCollectionException;
import dev.darkroom.core.db.DatabaseOutages;
import dev.darkroom.core.lineage.UnknownArtifactException;
import dev.darkroom.core.query.QueryParseException;
import dev.darkroom.core.run.IllegalRunTransitionException;
import dev.darkroom.core.run.InvalidRunRequestException;
import dev.darkroom.core.run.UnknownLauncherException;
import dev.darkroom.core.run.UnknownRunException;
import dev.darkroom.core.storage.ArtifactNotFoundException;
import dev.darkroom.orchestrator.run.RunAlreadyCompletedException;
import dev.darkroom.orchestrator.run.RunStartFailedException;
import dev.darkroom.orchestrator.schedules.InvalidScheduleException;
import dev.darkroom.orchestrator.schedules.SchedulesNeedTemporalServerException;
import dev.darkroom.orchestrator.schedules.UnknownScheduleException;
import dev.darkroom.orchestrator.temporal.TemporalUnavailableException;
import dev.darkroom.storage.archive.ArchiveRootNotMountedException;
import dev.darkroom.web.runs.NoPartitionLogException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.util.Map;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one mapping from errors to RFC 9457 problem details ({@code application/problem+json}) for
 * the REST API, whatever raised them: Darkroom's typed errors, Spring MVC's (unknown route 404,
 * wrong method 405, not acceptable 406, unsupported media type 415, unbindable input 400), a
 * database outage (503 with {@code Retry-After}) and, last, anything unexpected (500, with the
 * stack trace in the log and none in the answer). {@link ApiErrorPages} and the security filters
 * answer in the same shape for what never reaches a controller.
 *
 * <p>Adding an error: make a web-layer exception implement {@link ProblemException}, or add one
 * line to {@link #KNOWN} for an exception of a lower module. Client errors (4xx) log one line,
 * never a stack trace. Feature advices ordered before this one only reword binding errors in their
 * API's established phrasing.
 *
 * <p>For pages (anything outside {@code /api}) only the errors of {@link #KNOWN} are answered here,
 * as they always were; everything else goes on to the HTML error pages.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class ApiProblemHandler {

  /** The base of every problem {@code type} URI; the suffix is documented in docs/api.md. */
  public static final String TYPE_BASE = "https://darkroom.dev/problems/";

  /** What a client is told to wait after a database outage before trying again. */
  static final long OUTAGE_RETRY_AFTER_SECONDS = 10;

  private static final Logger log = LoggerFactory.getLogger(ApiProblemHandler.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** Errors of the lower modules, which know nothing of HTTP: one line each. */
  static final ProblemTable KNOWN =
      new ProblemTable()
          .add(UnknownRunException.class, HttpStatus.NOT_FOUND, "unknown-run", "No such run")
          .add(
              UnknownLauncherException.class,
              HttpStatus.BAD_REQUEST,
              "unknown-launcher",
              "Unknown launcher")
          .add(
              NoPartitionLogException.class,
              HttpStatus.NOT_FOUND,
              "no-partition-log",
              "No worker log")
          .add(
              InvalidRunRequestException.class,
              HttpStatus.BAD_REQUEST,
              "invalid-run-request",
              "Invalid run request")
          .add(
              IllegalRunTransitionException.class,
              HttpStatus.CONFLICT,
              "illegal-run-transition",
              "Not possible in this state")
          .add(
              RunAlreadyCompletedException.class,
              HttpStatus.CONFLICT,
              "illegal-run-transition",
              "Not possible in this state")
          .add(
              RunStartFailedException.class,
              HttpStatus.SERVICE_UNAVAILABLE,
              "run-start-failed",
              "The run could not start")
          .add(
              UnknownScheduleException.class,
              HttpStatus.NOT_FOUND,
              "unknown-schedule",
              "No such schedule")
          .add(
              InvalidScheduleException.class,
              HttpStatus.BAD_REQUEST,
              "invalid-schedule",
              "Invalid schedule")
          // The in-process test server has no Schedules: a configuration to change, not a retry.
          .add(
              SchedulesNeedTemporalServerException.class,
              HttpStatus.CONFLICT,
              "temporal-server-required",
              "Schedules need a Temporal server")
          .add(
              ScanAlreadyRunningException.class,
              HttpStatus.CONFLICT,
              "scan-already-running",
              "A scan is already running")
          .add(
              NoArchiveRootsException.class,
              HttpStatus.BAD_REQUEST,
              "no-archive-roots",
              "No archive roots")
          // The run's workers could not do the work here (a root not mounted…): fix that, retry.
          .add(
              RunPreflightException.class,
              HttpStatus.CONFLICT,
              "run-preflight-failed",
              "The run cannot run here",
              Throwable::getMessage,
              e -> members("problems", e.problems()))
          .add(
              ArchiveRootNotMountedException.class,
              HttpStatus.CONFLICT,
              "archive-root-not-mounted",
              "Archive root not mounted")
          .add(
              ArtifactNotFoundException.class,
              HttpStatus.NOT_FOUND,
              "artifact-not-found",
              "No such artifact")
          .add(UnknownAssetException.class, HttpStatus.NOT_FOUND, "unknown-asset", "No such asset")
          .add(
              UnknownArtifactException.class,
              HttpStatus.NOT_FOUND,
              "unknown-artifact",
              "No such artifact")
          .add(
              UnknownCollectionException.class,
              HttpStatus.NOT_FOUND,
              "unknown-collection",
              "No such collection")
          .add(
              InvalidCollectionException.class,
              HttpStatus.BAD_REQUEST,
              "invalid-collection",
              "Invalid collection")
          .add(
              CollectionInUseException.class,
              HttpStatus.CONFLICT,
              "collection-in-use",
              "Collection in use")
          .add(
              QueryParseException.class,
              HttpStatus.BAD_REQUEST,
              "invalid-query",
              "The query does not parse",
              e -> e.getMessage() + " (see docs/query-language.md)",
              e -> members("column", e.column(), "expected", e.expected(), "found", e.found()))
          // A body sent as multipart/form-data (without a boundary, or at all): the API takes JSON.
          .add(
              MultipartException.class,
              HttpStatus.BAD_REQUEST,
              "unreadable-body",
              "Unreadable request body",
              e ->
                  "the body is not valid multipart/form-data; send JSON with Content-Type:"
                      + " application/json",
              e -> Map.of())
          .add(
              MaxUploadSizeExceededException.class,
              HttpStatus.CONTENT_TOO_LARGE,
              "payload-too-large",
              "Request body too large",
              e -> "The request body is larger than the server accepts",
              e -> Map.of())
          // A query string Tomcat cannot read: broken %-encoding, a parameter without a name.
          .add(
              InvalidParameterException.class,
              HttpStatus.BAD_REQUEST,
              "invalid-parameter",
              "Invalid parameter",
              e ->
                  "The query string could not be read: check that it is correctly %-encoded (a"
                      + " '%' must be followed by two hex digits) and that every parameter has a name",
              e -> Map.of())
          // Unknown pipeline/tool, bad tool parameters, bad artifact keys: all argument errors.
          .add(
              IllegalArgumentException.class,
              HttpStatus.BAD_REQUEST,
              "invalid-argument",
              "Invalid request");

  public static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(URI.create(TYPE_BASE + type));
    problem.setTitle(title);
    return problem;
  }

  /** Extra problem members from name-value pairs; a null value is kept as JSON null. */
  static Map<String, Object> members(Object... namesAndValues) {
    Map<String, Object> members = new java.util.LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      members.put((String) namesAndValues[i], namesAndValues[i + 1]);
    }
    return members;
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<ProblemDetail> any(Exception error, HttpServletRequest request) throws Exception {
    if (!isApi(request)) {
      // A page: only the typed errors this handler has always answered; Spring's resolvers and
      // the HTML error pages take everything else (a missing page stays an HTML 404).
      ProblemDetail known = KNOWN.problemFor(error);
      if (known == null) {
        throw error;
      }
      return respond(new Answer(known, new HttpHeaders()), error, request);
    }
    return respond(answerFor(error), error, request);
  }

  /** Whether a {@link java.sql.SQLException} with that SQLSTATE is in the error's causes. */
  private static boolean sqlState(Throwable error, String state) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof java.sql.SQLException sql && state.equals(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  /** Whether a request is the REST API's, whose every answer is JSON. */
  public static boolean isApi(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    return path.equals("/api") || path.startsWith("/api/");
  }

  /** The problem of an error as an answer (status, body, headers); never null. */
  static Answer answerFor(Throwable error) {
    Answer answer = answer(error);
    return answer == null ? fallback(error) : answer;
  }

  /** Darkroom's and Spring's own errors; null for anything else. */
  private static @Nullable Answer answer(Throwable error) {
    // An error that knows its problem counts even when wrapped (a body cut off mid-read, say).
    if (!(error instanceof ProblemException)) {
      for (Throwable t = error.getCause(); t != null; t = t.getCause() == t ? null : t.getCause()) {
        if (t instanceof ProblemException) {
          return answer(t);
        }
      }
    }
    if (error instanceof ProblemException typed) {
      ProblemDetail problem =
          problem(
              typed.httpStatus(), typed.problemType(), typed.problemTitle(), error.getMessage());
      typed.problemProperties().forEach(problem::setProperty);
      HttpHeaders headers = new HttpHeaders();
      if (typed.retryAfterSeconds() > 0) {
        headers.set(HttpHeaders.RETRY_AFTER, Long.toString(typed.retryAfterSeconds()));
      }
      return new Answer(problem, headers);
    }
    ProblemDetail known = KNOWN.problemFor(error);
    if (known != null) {
      return new Answer(known, new HttpHeaders());
    }
    if (error instanceof TemporalUnavailableException) {
      // Temporal is down or restarting: answered at once, with when to try again.
      HttpHeaders headers = new HttpHeaders();
      headers.set(
          HttpHeaders.RETRY_AFTER,
          Long.toString(TemporalUnavailableException.RETRY_AFTER.toSeconds()));
      return new Answer(
          problem(
              HttpStatus.SERVICE_UNAVAILABLE,
              "temporal-unavailable",
              "Temporal is not reachable",
              error.getMessage()),
          headers);
    }
    if (DatabaseOutages.isOutage(error)) {
      HttpHeaders headers = new HttpHeaders();
      headers.set(HttpHeaders.RETRY_AFTER, Long.toString(OUTAGE_RETRY_AFTER_SECONDS));
      return new Answer(
          problem(
              HttpStatus.SERVICE_UNAVAILABLE,
              "database-unavailable",
              "Database unavailable",
              "The catalog database cannot be reached right now; nothing was changed. Try again"
                  + " in a few seconds."),
          headers);
    }
    if (sqlState(error, "22021")) {
      // character_not_in_repertoire: a NUL (or a byte that is no UTF-8) in a value that reached
      // PostgreSQL as text, from a JSON body or a path (a query string's %00 is refused earlier,
      // by MalformedQueryFilter); the client's to fix, and nothing was written.
      return new Answer(
          problem(
              HttpStatus.BAD_REQUEST,
              "invalid-parameter",
              "Invalid parameter",
              "A value contains a NUL character or bytes that are not UTF-8; no Darkroom value"
                  + " can"),
          new HttpHeaders());
    }
    if (error instanceof MethodArgumentTypeMismatchException mismatch) {
      return new Answer(RequestProblems.typeMismatch(mismatch), new HttpHeaders());
    }
    if (error instanceof MissingServletRequestParameterException missing) {
      return new Answer(RequestProblems.missingParameter(missing), new HttpHeaders());
    }
    if (error instanceof HttpMessageNotReadableException unreadable) {
      return new Answer(RequestProblems.unreadableBody(unreadable), new HttpHeaders());
    }
    if (error instanceof HttpMediaTypeNotSupportedException mediaType) {
      HttpHeaders headers = new HttpHeaders();
      headers.putAll(mediaType.getHeaders());
      return new Answer(RequestProblems.unsupportedMediaType(mediaType), headers);
    }
    if (error instanceof ErrorResponse spring) {
      return new Answer(RequestProblems.springError(spring), spring.getHeaders());
    }
    return null;
  }

  private static Answer fallback(Throwable error) {
    return new Answer(
        problem(
            HttpStatus.INTERNAL_SERVER_ERROR,
            "internal-error",
            "Internal error",
            "The server failed to handle this request; its log has the details."),
        new HttpHeaders());
  }

  static ResponseEntity<ProblemDetail> respond(
      Answer answer, Throwable error, HttpServletRequest request) {
    ProblemDetail problem = answer.problem();
    if (problem.getInstance() == null) {
      problem.setInstance(URI.create(request.getRequestURI()));
    }
    log(problem, error, request);
    return ResponseEntity.status(problem.getStatus())
        .headers(answer.headers())
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(problem);
  }

  /**
   * Writes the problem of an error from a servlet filter, which runs before Spring MVC: the same
   * answer, headers and log line the handler gives (a database outage met while authenticating a
   * bearer token is the 503 {@code database-unavailable} any endpoint answers).
   */
  public static void write(
      Throwable error, HttpServletRequest request, HttpServletResponse response)
      throws java.io.IOException {
    ResponseEntity<ProblemDetail> entity = respond(answerFor(error), error, request);
    response.setStatus(entity.getStatusCode().value());
    entity.getHeaders().forEach((name, values) -> values.forEach(v -> response.addHeader(name, v)));
    // Bytes, not a writer: JSON is UTF-8, and no charset parameter belongs on its media type.
    JSON.writeValue(response.getOutputStream(), entity.getBody());
  }

  /** Client errors and outages: one line. Anything else is a bug: the stack trace. */
  private static void log(ProblemDetail problem, Throwable error, HttpServletRequest request) {
    String line =
        problem.getStatus()
            + " "
            + request.getMethod()
            + " "
            + request.getRequestURI()
            + ": "
            + problem.getDetail();
    if (problem.getStatus() < 500) {
      log.info(line);
    } else if (problem.getStatus() == 500) {
      log.error(line, error);
    } else {
      log.warn(line + " (" + rootMessage(error) + ")");
    }
  }

  private static String rootMessage(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return String.valueOf(root.getMessage());
  }

  /** A problem and the headers that go with it ({@code Allow}, {@code Retry-After}, ...). */
  record Answer(ProblemDetail problem, HttpHeaders headers) {}
}
