package dev.darkroom.web.catalog;

import dev.darkroom.web.api.ProblemException;
import org.springframework.http.HttpStatus;

/**
 * Something the request names exists but has nothing to show (an asset without a thumbnail yet).
 *
 * @see dev.darkroom.web.api.ApiProblemHandler
 */
public class NotFoundException extends RuntimeException implements ProblemException {

  private final String type;
  private final String title;

  /**
   * @param type the problem type suffix, e.g. {@code no-thumbnail}
   * @param title a short summary, e.g. {@code No thumbnail}
   * @param detail what is missing and how to get it
   */
  public NotFoundException(String type, String title, String detail) {
    super(detail);
    this.type = type;
    this.title = title;
  }

  @Override
  public HttpStatus httpStatus() {
    return HttpStatus.NOT_FOUND;
  }

  @Override
  public String problemType() {
    return type;
  }

  @Override
  public String problemTitle() {
    return title;
  }
}
