package dev.darkroom.web.scans;

/** No scan has the given id (HTTP 404). */
class UnknownScanException extends RuntimeException {

  UnknownScanException(long id) {
    super("No scan with id " + id);
  }
}
