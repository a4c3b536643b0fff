package dev.darkroom.web.batchadmin;

import java.util.List;

/** No instance of a job with this name was ever created in this database. */
public class UnknownBatchJobException extends RuntimeException {

  public UnknownBatchJobException(String jobName, List<String> known) {
    super(
        "No job named '"
            + jobName
            + "' has run here; "
            + (known.isEmpty()
                ? "no job has run yet"
                : "jobs that have: " + String.join(", ", known)));
  }
}
