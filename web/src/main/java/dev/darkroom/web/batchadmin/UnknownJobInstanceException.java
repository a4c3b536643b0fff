package dev.darkroom.web.batchadmin;

import dev.darkroom.web.api.ProblemException;
import org.springframework.http.HttpStatus;

/** No Batch job instance has this id. */
public class UnknownJobInstanceException extends RuntimeException implements ProblemException {

  public UnknownJobInstanceException(long instanceId) {
    super(
        "No job instance with id "
            + instanceId
            + "; GET /api/batch/jobs/{name}/instances lists a job's instances");
  }

  @Override
  public HttpStatus httpStatus() {
    return HttpStatus.NOT_FOUND;
  }

  @Override
  public String problemType() {
    return "unknown-job-instance";
  }

  @Override
  public String problemTitle() {
    return "No such job instance";
  }
}
