package dev.darkroom.core.catalog;

/** Another scan holds the catalog's scan lock (in this or another process sharing the database). */
public class ScanAlreadyRunningException extends RuntimeException {

  public ScanAlreadyRunningException() {
    super(
        "Another catalog scan is running against this database; wait for it to finish (one scan at"
            + " a time keeps the catalog's path history consistent).");
  }
}
