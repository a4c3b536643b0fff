package dev.darkroom.web.scans;

import dev.darkroom.web.api.ProblemException;
import org.springframework.http.HttpStatus;

/** No scan has the given id (HTTP 404). */
class UnknownScanException extends RuntimeException implements ProblemException {

  UnknownScanException(long id) {
    super("No scan with id " + id);
  }

  @Override
  public HttpStatus httpStatus() {
    return HttpStatus.NOT_FOUND;
  }

  @Override
  public String problemType() {
    return "unknown-scan";
  }

  @Override
  public String problemTitle() {
    return "No such scan";
  }
}
