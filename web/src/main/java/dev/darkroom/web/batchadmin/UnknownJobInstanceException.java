package dev.darkroom.web.batchadmin;

/** No Batch job instance has this id. */
public class UnknownJobInstanceException extends RuntimeException {

  public UnknownJobInstanceException(long instanceId) {
    super(
        "No job instance with id "
            + instanceId
            + "; GET /api/batch/jobs/{name}/instances lists a job's instances");
  }
}
