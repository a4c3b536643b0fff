package dev.darkroom.web.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Tomcat's last word, for the few requests it refuses before any application code runs (a path with
 * broken {@code %}-encoding such as {@code /api/runs/%zz}, a malformed request line): a problem
 * detail instead of Tomcat's HTML page with its version in it. Anything the application answered
 * itself is left alone.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

  @Override
  protected void report(Request request, Response response, Throwable throwable) {
    int status = response.getStatus();
    if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
      return;
    }
    HttpStatus known = HttpStatus.resolve(status);
    String title = known == null ? "Error" : known.getReasonPhrase();
    String detail =
        status == 400
            ? "The request is malformed: check that its path and query are correctly %-encoded"
                + " (a '%' must be followed by two hex digits)"
            : title;
    String type = status == 400 ? "bad-request" : status < 500 ? "bad-request" : "server-error";
    String json =
        "{\"type\":\""
            + ApiProblemHandler.TYPE_BASE
            + type
            + "\",\"title\":\""
            + title
            + "\",\"status\":"
            + status
            + ",\"detail\":\""
            + detail
            + "\"}";
    try {
      response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
      // Bytes, not the reporter's writer: JSON is UTF-8 and takes no charset parameter.
      response.getOutputStream().write(json.getBytes(StandardCharsets.UTF_8));
      response.finishResponse();
    } catch (IOException | IllegalStateException e) {
      // the client went away, or the response is already in use: nothing more to say
    }
  }
}
