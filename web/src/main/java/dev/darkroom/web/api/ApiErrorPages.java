package dev.darkroom.web.api;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.web.WebProperties;
import org.springframework.boot.webmvc.autoconfigure.error.BasicErrorController;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorViewResolver;
import org.springframework.boot.webmvc.error.ErrorAttributes;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.servlet.ModelAndView;
import tools.jackson.databind.json.JsonMapper;

/**
 * Boot's error pages ({@code /error}), except that an {@code /api} request gets a problem detail
 * whatever its {@code Accept} header: the errors that never reach a controller (a path or query
 * with broken {@code %}-encoding that the servlet container refuses, an exception thrown by a
 * filter, a database outage while a filter reads) come here. Pages keep Boot's templates.
 */
class ApiErrorPages extends BasicErrorController {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  ApiErrorPages(
      ErrorAttributes errorAttributes,
      WebProperties webProperties,
      List<ErrorViewResolver> errorViewResolvers) {
    super(errorAttributes, webProperties.getError(), errorViewResolvers);
  }

  @Override
  public ModelAndView errorHtml(HttpServletRequest request, HttpServletResponse response) {
    if (isApiError(request)) {
      writeProblem(request, response);
      return null;
    }
    return super.errorHtml(request, response);
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public ResponseEntity<Map<String, Object>> error(HttpServletRequest request) {
    if (isApiError(request)) {
      ResponseEntity<ProblemDetail> problem = problem(request);
      return (ResponseEntity) problem;
    }
    return super.error(request);
  }

  private static boolean isApiError(HttpServletRequest request) {
    Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
    String path = uri == null ? "" : uri.toString().substring(request.getContextPath().length());
    return path.equals("/api") || path.startsWith("/api/");
  }

  private ResponseEntity<ProblemDetail> problem(HttpServletRequest request) {
    Throwable error = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
    HttpStatus status = getStatus(request);
    ApiProblemHandler.Answer answer =
        error != null ? ApiProblemHandler.answerFor(error) : byStatus(status, request);
    ResponseEntity<ProblemDetail> entity =
        ApiProblemHandler.respond(
            answer, error == null ? new IllegalStateException("status " + status) : error, request);
    ProblemDetail body = entity.getBody();
    if (body != null) {
      Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
      body.setInstance(java.net.URI.create(String.valueOf(uri)));
    }
    return entity;
  }

  private void writeProblem(HttpServletRequest request, HttpServletResponse response) {
    ResponseEntity<ProblemDetail> entity = problem(request);
    response.setStatus(entity.getStatusCode().value());
    entity.getHeaders().forEach((name, values) -> values.forEach(v -> response.addHeader(name, v)));
    try {
      JSON.writeValue(response.getOutputStream(), entity.getBody());
    } catch (java.io.IOException e) {
      // the client went away; nothing left to tell it
    }
  }

  /** A refusal by the servlet container itself (no exception): the status says it all. */
  private static ApiProblemHandler.Answer byStatus(HttpStatus status, HttpServletRequest request) {
    @Nullable String message = (String) request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
    String detail =
        switch (status) {
          case BAD_REQUEST ->
              "The request could not be read: check that its path and query are correctly"
                  + " %-encoded (a '%' must be followed by two hex digits)";
          case NOT_FOUND -> "There is nothing at this path; /v3/api-docs lists the API's endpoints";
          case PAYLOAD_TOO_LARGE -> "The request body is larger than the server accepts";
          default -> message == null || message.isBlank() ? status.getReasonPhrase() : message;
        };
    String type =
        switch (status) {
          case BAD_REQUEST -> "bad-request";
          case NOT_FOUND -> "not-found";
          case PAYLOAD_TOO_LARGE -> "payload-too-large";
          default -> status.is4xxClientError() ? "bad-request" : "server-error";
        };
    return new ApiProblemHandler.Answer(
        ApiProblemHandler.problem(status, type, status.getReasonPhrase(), detail),
        new HttpHeaders());
  }
}
