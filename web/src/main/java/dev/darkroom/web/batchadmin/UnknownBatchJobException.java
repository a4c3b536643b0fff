package dev.darkroom.web.batchadmin;

import dev.darkroom.web.api.ProblemException;
import java.util.List;
import org.springframework.http.HttpStatus;

/** No instance of a job with this name was ever created in this database. */
public class UnknownBatchJobException extends RuntimeException implements ProblemException {

  public UnknownBatchJobException(String jobName, List<String> known) {
    super(
        "No job named '"
            + jobName
            + "' has run here; "
            + (known.isEmpty()
                ? "no job has run yet"
                : "jobs that have: " + String.join(", ", known)));
  }

  @Override
  public HttpStatus httpStatus() {
    return HttpStatus.NOT_FOUND;
  }

  @Override
  public String problemType() {
    return "unknown-batch-job";
  }

  @Override
  public String problemTitle() {
    return "No such job";
  }
}
